package dev.riskgate.simulate;

import io.vertx.core.json.JsonObject;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A simulated stream as written, in memory: the JSON lines, their events, and the labels by event id. */
record Simulated(String eventsText, String labelsText, List<JsonObject> events, Map<String, String[]> labels,
                 SimulationSummary summary) {

    static Simulated run(int accounts, int days, long seed) {
        return run(new SimulationSettings(accounts, days, seed));
    }

    static Simulated run(SimulationSettings settings) {
        StringWriter events = new StringWriter();
        StringWriter labels = new StringWriter();
        EventStreamWriter writer = new EventStreamWriter(events, labels, settings.seed());
        new WalletSimulator(settings).run(writer);
        List<JsonObject> parsed = new ArrayList<>();
        for (String line : lines(events.toString())) {
            parsed.add(new JsonObject(line).getJsonObject("event"));
        }
        Map<String, String[]> byId = new LinkedHashMap<>();
        List<String> labelLines = lines(labels.toString());
        for (String line : labelLines.subList(1, labelLines.size())) {
            String[] fields = line.split(",", -1);
            byId.put(fields[0], fields);
        }
        return new Simulated(events.toString(), labels.toString(), parsed, byId, writer.summary());
    }

    static List<String> lines(String text) {
        return text.isEmpty() ? List.of() : List.of(text.split("\n"));
    }

    boolean fraud(JsonObject event) {
        return labels.get(event.getString("eventId"))[1].equals("fraud");
    }

    String campaign(JsonObject event) {
        return labels.get(event.getString("eventId"))[2];
    }

    List<JsonObject> eventsOf(String campaign) {
        return events.stream().filter(e -> campaign(e).equals(campaign)).toList();
    }
}
