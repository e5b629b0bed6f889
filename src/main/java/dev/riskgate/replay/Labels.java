package dev.riskgate.replay;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** Ground truth for a backtest: a CSV of {@code eventId,label[,campaign]} with label fraud or legit. */
public final class Labels {

    private final Map<String, Boolean> fraud;

    private Labels(Map<String, Boolean> fraud) {
        this.fraud = fraud;
    }

    public static Labels read(Path csv) throws IOException {
        Map<String, Boolean> fraud = new HashMap<>();
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
                switch (cells[1].trim().toLowerCase(java.util.Locale.ROOT)) {
                    case "fraud" -> fraud.put(cells[0].trim(), true);
                    case "legit" -> fraud.put(cells[0].trim(), false);
                    default -> throw new IOException(csv + ":" + lineNo + ": label must be fraud or legit, was '" + cells[1] + "'");
                }
            }
        }
        return new Labels(fraud);
    }

    /** True for fraud, false for legit, null when the event is unlabelled. */
    public Boolean isFraud(String eventId) {
        return fraud.get(eventId);
    }

    public int size() {
        return fraud.size();
    }
}
