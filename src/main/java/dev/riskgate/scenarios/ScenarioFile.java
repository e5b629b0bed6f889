package dev.riskgate.scenarios;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.riskgate.decision.FeedbackOutcome;
import dev.riskgate.decision.Verdict;
import dev.riskgate.event.Field;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Reads the YAML scenario files analysts write (format: test-cases/README.md). Events are written in
 * the wire form of POST /v1/score, with {@code at} as an offset from the scenario's {@code start},
 * {@code defaults} for fields every event shares, and {@code repeat} to lay down history compactly.
 */
public final class ScenarioFile {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper YAML_TO_JSON = new ObjectMapper();
    /** Keys a scenario event may have besides the request's fields: {@code id} for eventId, {@code at} for the time. */
    private static final Set<String> SCENARIO_ONLY = Set.of("id", "at");
    private static final Pattern OFFSET_TERM = Pattern.compile("([+-]?)(\\d+)([dhms])");

    private ScenarioFile() {
    }

    /** Every {@code *.yaml}/{@code *.yml} file under {@code dir}, sorted by path. */
    public static List<Path> find(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml")).sorted().toList();
        }
    }

    public static Scenario load(Path file) {
        JsonNode root;
        try {
            root = YAML.readTree(file.toFile());
        } catch (IOException e) {
            throw new InvalidScenario(file + ": not readable YAML: " + e.getMessage());
        }
        String where = file.getFileName().toString();
        if (root == null || !root.isObject()) {
            throw new InvalidScenario(where + ": the file must be a mapping with name, start and steps");
        }
        String name = text(root, "name", where);
        OffsetDateTime start;
        try {
            start = OffsetDateTime.parse(text(root, "start", where));
        } catch (java.time.format.DateTimeParseException e) {
            throw new InvalidScenario(where + ": start must be an ISO-8601 date-time with an offset");
        }
        JsonObject defaults = root.has("defaults") ? toJson(root.get("defaults")) : new JsonObject();
        JsonNode steps = root.get("steps");
        if (steps == null || !steps.isArray() || steps.isEmpty()) {
            throw new InvalidScenario(where + ": steps must be a non-empty list");
        }
        List<Step> out = new ArrayList<>();
        int n = 0;
        for (JsonNode step : steps) {
            n++;
            String label = where + " step " + n;
            if (step.has("event")) {
                out.addAll(events(step, label, start, defaults));
            } else if (step.has("feedback")) {
                JsonNode fb = step.get("feedback");
                String eventId = text(fb, "eventId", label);
                String outcome = text(fb, "outcome", label);
                try {
                    out.add(new Step.Feedback(label + " (feedback " + eventId + ")", eventId, FeedbackOutcome.valueOf(outcome)));
                } catch (IllegalArgumentException e) {
                    throw new InvalidScenario(label + ": outcome must be STEP_UP_PASSED, STEP_UP_FAILED, FRAUD or LEGIT");
                }
            } else {
                throw new InvalidScenario(label + ": a step is either 'event' or 'feedback'");
            }
        }
        return new Scenario(name, where, out);
    }

    private static List<Step> events(JsonNode step, String label, OffsetDateTime start, JsonObject defaults) {
        JsonObject event = defaults.copy().mergeIn(toJson(step.get("event")));
        refuseUnknownFields(event, label);
        Object id = event.remove("id");
        if (id != null) {
            event.put("eventId", id.toString());
        }
        if (!event.containsKey("eventId")) {
            throw new InvalidScenario(label + ": the event needs an id");
        }
        Duration at = offset(String.valueOf(event.remove("at")), label);
        if ("purchase".equals(event.getValue("type")) && !event.containsKey("items") && event.getValue("amount") != null) {
            event.put("items", new JsonArray().add(new JsonObject().put("sku", "general").put("quantity", 1)
                    .put("unitPrice", event.getValue("amount"))));
        }
        Expectation expect = step.has("expect") ? expectation(step.get("expect"), label) : null;
        int times = 1;
        Duration every = Duration.ZERO;
        if (step.has("repeat")) {
            JsonNode r = step.get("repeat");
            times = r.path("times").asInt(0);
            every = offset(r.path("every").asText("0s"), label);
            if (times < 1 || times > 10_000) {
                throw new InvalidScenario(label + ": repeat.times must be in the range [1, 10000]");
            }
        }
        List<Step> out = new ArrayList<>(times);
        String baseId = event.getString("eventId");
        for (int i = 0; i < times; i++) {
            JsonObject one = event.copy();
            if (times > 1) {
                one.put("eventId", baseId + "-" + (i + 1));
            }
            one.put("occurredAt", start.plus(at).plus(every.multipliedBy(i)).toString());
            out.add(new Step.Event(label + " (event " + one.getString("eventId") + ")", one, expect));
        }
        return out;
    }

    /**
     * The API ignores keys it does not know; a scenario must not, or a misspelt {@code fundingSorce} would
     * silently test an event without a funding source.
     */
    private static void refuseUnknownFields(JsonObject event, String label) {
        for (String key : event.fieldNames()) {
            if (!SCENARIO_ONLY.contains(key) && Arrays.stream(Field.values()).noneMatch(f -> f.wireName().equals(key))) {
                throw new InvalidScenario(label + ": '" + key + "' is not an event field (fields: "
                        + Arrays.stream(Field.values()).map(Field::wireName).collect(Collectors.joining(", "))
                        + ", plus id and at)");
            }
        }
    }

    private static Expectation expectation(JsonNode e, String label) {
        Verdict decision = null;
        if (e.has("decision")) {
            try {
                decision = Verdict.valueOf(e.get("decision").asText());
            } catch (IllegalArgumentException ex) {
                throw new InvalidScenario(label + ": expect.decision must be ALLOW, STEP_UP or BLOCK");
            }
        }
        return new Expectation(decision, strings(e.get("fired")), strings(e.get("notFired")),
                e.has("scoreMin") ? e.get("scoreMin").asInt() : null,
                e.has("scoreMax") ? e.get("scoreMax").asInt() : null);
    }

    /** "-30d", "+2h", "25m", "1d+3h": a signed sum of days, hours, minutes and seconds. */
    static Duration offset(String text, String label) {
        if (text == null || text.equals("null") || text.isBlank() || text.equals("0")) {
            return Duration.ZERO;
        }
        Matcher m = OFFSET_TERM.matcher(text.replace(" ", ""));
        Duration total = Duration.ZERO;
        int end = 0;
        while (m.find()) {
            if (m.start() != end) {
                break;
            }
            end = m.end();
            long n = Long.parseLong(m.group(2)) * ("-".equals(m.group(1)) ? -1 : 1);
            total = total.plus(switch (m.group(3)) {
                case "d" -> Duration.ofDays(n);
                case "h" -> Duration.ofHours(n);
                case "m" -> Duration.ofMinutes(n);
                default -> Duration.ofSeconds(n);
            });
        }
        if (end != text.replace(" ", "").length()) {
            throw new InvalidScenario(label + ": '" + text + "' is not an offset like -30d, +2h, 25m or 1d+3h");
        }
        return total;
    }

    private static List<String> strings(JsonNode node) {
        List<String> out = new ArrayList<>();
        if (node != null) {
            node.forEach(n -> out.add(n.asText()));
        }
        return out;
    }

    private static String text(JsonNode node, String field, String where) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull() || v.asText().isBlank()) {
            throw new InvalidScenario(where + ": '" + field + "' is required");
        }
        return v.asText();
    }

    private static JsonObject toJson(JsonNode node) {
        try {
            return new JsonObject(YAML_TO_JSON.writeValueAsString(node));
        } catch (IOException e) {
            throw new InvalidScenario("cannot convert YAML: " + e.getMessage());
        }
    }


    /** A scenario file that cannot be run as written. */
    public static final class InvalidScenario extends RuntimeException {
        public InvalidScenario(String message) {
            super(message);
        }
    }
}
