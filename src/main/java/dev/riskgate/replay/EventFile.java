package dev.riskgate.replay;

import dev.riskgate.decision.FeedbackOutcome;
import dev.riskgate.decision.Verdict;
import dev.riskgate.event.BadRequest;
import dev.riskgate.event.ScoreRequest;
import dev.riskgate.event.ScoreRequestParser;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a recorded event stream: JSON Lines where {@code {"kind":"score","event":{...}}} carries a
 * request in its wire form and {@code {"kind":"feedback","eventId":...,"outcome":...}} what happened
 * after it (the decision log's shape, where a score line also carries the {@code answer} given live;
 * other kinds are skipped). Events are validated like live requests
 * and returned in event-time order, ties in file order.
 */
public final class EventFile {

    /** The events, plus how many lines were refused and the first few reasons. */
    public record Loaded(List<ReplayEvent> events, int refused, List<String> firstRefusals) {
    }

    private EventFile() {
    }

    public static Loaded read(Path file) throws IOException {
        ScoreRequestParser parser = new ScoreRequestParser(Clock.systemUTC());
        List<ScoreRequest> requests = new ArrayList<>();
        Set<String> degradedFirst = new HashSet<>();
        Map<String, Verdict> answers = new HashMap<>();
        Map<String, List<FeedbackOutcome>> feedback = new HashMap<>();
        List<String> refusals = new ArrayList<>();
        int refused = 0;
        int lineNo = 0;
        try (BufferedReader in = Files.newBufferedReader(file)) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                try {
                    JsonObject json = new JsonObject(line);
                    String kind = json.getString("kind", "score");
                    if (kind.equals("score")) {
                        JsonObject event = json.getJsonObject("event");
                        ScoreRequest request = parser.parse(event == null ? json : event);
                        JsonObject answer = json.getJsonObject("answer");
                        // A degraded answer (the fail decision, past the deadline or with the store down) is
                        // not the rules' answer and made no history: the event counts as unanswered, and
                        // once only, even when the gateway's retry was then decided for real on a later line.
                        boolean degraded = answer != null && answer.getBoolean("degraded", false);
                        if (!degradedFirst.contains(request.eventId())) {
                            requests.add(request);
                        }
                        if (degraded) {
                            degradedFirst.add(request.eventId());
                        } else if (answer != null && answer.getString("decision") != null) {
                            answers.put(request.eventId(), Verdict.valueOf(answer.getString("decision")));
                        }
                    } else if (kind.equals("feedback")) {
                        feedback.computeIfAbsent(json.getString("eventId"), k -> new ArrayList<>())
                                .add(FeedbackOutcome.valueOf(json.getString("outcome")));
                    }
                } catch (BadRequest | DecodeException | ClassCastException | IllegalArgumentException e) {
                    refused++;
                    if (refusals.size() < 5) {
                        refusals.add(file.getFileName() + ":" + lineNo + ": " + e.getMessage());
                    }
                }
            }
        }
        requests.sort(Comparator.comparing(r -> r.occurredAt().toInstant()));
        List<ReplayEvent> events = new ArrayList<>(requests.size());
        for (ScoreRequest r : requests) {
            events.add(new ReplayEvent(r, feedback.getOrDefault(r.eventId(), List.of()), answers.get(r.eventId()),
                    degradedFirst.contains(r.eventId()) && !answers.containsKey(r.eventId())));
        }
        return new Loaded(events, refused, refusals);
    }
}
