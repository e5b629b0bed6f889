package dev.riskgate.replay;

import dev.riskgate.decision.FeedbackOutcome;
import java.util.List;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Ground truth for a backtest: a CSV of {@code eventId,label[,campaign[,segment]]} with label fraud or
 * legit; campaign names the attack a fraud event belongs to, segment the kind of customer who owns the
 * account (e.g. pack-smoker).
 */
public final class Labels {

    /**
     * One event's truth; campaign and segment are empty when not given. {@code traits} are what a
     * simulation knows about a legitimate event ("night;trip", see {@code SimEvent}), for friction by
     * segment; a labels file may give them in a fifth column.
     */
    public record Label(boolean fraud, String campaign, String segment, String traits) {
        public Label(boolean fraud, String campaign, String segment) {
            this(fraud, campaign, segment, "");
        }

        public boolean has(String trait) {
            return !traits.isEmpty() && java.util.Arrays.asList(traits.split(";")).contains(trait);
        }
    }

    private final Map<String, Label> byEvent;

    private Labels(Map<String, Label> byEvent) {
        this.byEvent = byEvent;
    }

    /** Labels built in memory, e.g. by evaluate from a simulation it runs itself. */
    public static Labels of(Map<String, Label> byEvent) {
        return new Labels(Map.copyOf(byEvent));
    }

    /**
     * Labels from the feedback a recorded stream carries (a decision log's feedback lines), for a replay
     * given no labels file: FRAUD and a failed second factor are fraud, LEGIT and a passed one are legit.
     * An analyst's FRAUD or LEGIT outweighs a step-up result (a phished code passes the second factor);
     * of two analyst verdicts on one event the later counts. Events without such feedback stay unlabelled.
     */
    public static Labels fromFeedback(List<ReplayEvent> events) {
        Map<String, Label> byEvent = new HashMap<>();
        for (ReplayEvent e : events) {
            Boolean fraud = null;
            boolean analyst = false;
            for (FeedbackOutcome outcome : e.feedback()) {
                switch (outcome) {
                    case FRAUD, LEGIT -> {
                        fraud = outcome == FeedbackOutcome.FRAUD;
                        analyst = true;
                    }
                    case STEP_UP_FAILED, STEP_UP_PASSED -> {
                        if (!analyst) {
                            fraud = outcome == FeedbackOutcome.STEP_UP_FAILED;
                        }
                    }
                }
            }
            if (fraud != null) {
                byEvent.put(e.request().eventId(), new Label(fraud, "", ""));
            }
        }
        return new Labels(byEvent);
    }

    /** How many labelled events are fraud. */
    public long fraudCount() {
        return byEvent.values().stream().filter(Label::fraud).count();
    }

    public static Labels read(Path csv) throws IOException {
        Map<String, Label> byEvent = new HashMap<>();
        int lineNo = 0;
        try (BufferedReader in = Files.newBufferedReader(csv)) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                lineNo++;
                if (line.isBlank() || line.startsWith("#") || (lineNo == 1 && line.startsWith("eventId"))) {
                    continue;
                }
                String[] cells = line.split(",", -1);
                if (cells.length < 2) {
                    throw new IOException(csv + ":" + lineNo + ": expected eventId,label");
                }
                boolean fraud = switch (cells[1].trim().toLowerCase(Locale.ROOT)) {
                    case "fraud" -> true;
                    case "legit" -> false;
                    default -> throw new IOException(csv + ":" + lineNo + ": label must be fraud or legit, was '" + cells[1] + "'");
                };
                byEvent.put(cells[0].trim(), new Label(fraud, cells.length > 2 ? cells[2].trim() : "",
                        cells.length > 3 ? cells[3].trim() : "", cells.length > 4 ? cells[4].trim() : ""));
            }
        }
        return new Labels(byEvent);
    }

    /** True for fraud, false for legit, null when the event is unlabelled. */
    public Boolean isFraud(String eventId) {
        Label label = byEvent.get(eventId);
        return label == null ? null : label.fraud();
    }

    /** The event's label, or null when it is unlabelled. */
    public Label label(String eventId) {
        return byEvent.get(eventId);
    }

    public int size() {
        return byEvent.size();
    }
}
