package dev.riskgate.scenarios;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.riskgate.decision.FeedbackOutcome;
import dev.riskgate.decision.Verdict;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads the YAML scenario files analysts write (format: test-cases/README.md). Events are written in
 * the wire form of POST /v1/score, with {@code at} as an offset from the scenario's {@code start},
 * {@code defaults} for fields every event shares, and {@code repeat} to lay down history compactly.
 */
public final class ScenarioFile {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper YAML_TO_JSON = new ObjectMapper();
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
        ScenarioKeys.require(root, ScenarioKeys.FILE, where, "the file");
        String name = text(root, "name", where);
        OffsetDateTime start;
        try {
            start = OffsetDateTime.parse(text(root, "start", where));
        } catch (java.time.format.DateTimeParseException e) {
            throw new InvalidScenario(where + ": start must be an ISO-8601 date-time with an offset");
        }
        JsonObject defaults = new JsonObject();
        if (root.has("defaults")) {
            ScenarioKeys.requireEvent(root.get("defaults"), where, "defaults");
            defaults = toJson(root.get("defaults"));
        }
        JsonNode steps = root.get("steps");
        if (steps == null || !steps.isArray() || steps.isEmpty()) {
            throw new InvalidScenario(where + ": steps must be a non-empty list");
        }
        List<Step> out = new ArrayList<>();
        TimeOrder order = new TimeOrder();
        int n = 0;
        for (JsonNode step : steps) {
            n++;
            String label = where + " step " + n;
            if (step.has("event")) {
                ScenarioKeys.require(step, ScenarioKeys.EVENT_STEP, label, "the step");
                ScenarioKeys.requireEvent(step.get("event"), label, "event");
                boolean backfill = flag(step, "backfill", label);
                for (Step.Event e : events(step, label, start, defaults)) {
                    order.check(e, backfill);
                    out.add(e);
                }
            } else if (step.has("feedback")) {
                ScenarioKeys.require(step, ScenarioKeys.FEEDBACK_STEP, label, "the step");
                JsonNode fb = step.get("feedback");
                ScenarioKeys.require(fb, ScenarioKeys.FEEDBACK, label, "feedback");
                String eventId = text(fb, "eventId", label);
                String outcome = text(fb, "outcome", label);
                try {
                    out.add(new Step.Feedback(label + " (feedback " + eventId + ")", eventId, FeedbackOutcome.valueOf(outcome)));
                } catch (IllegalArgumentException e) {
                    throw new InvalidScenario(label + ": outcome must be STEP_UP_PASSED, STEP_UP_FAILED, FRAUD or LEGIT");
                }
            } else {
                ScenarioKeys.require(step, ScenarioKeys.EVENT_STEP, label, "the step");
                throw new InvalidScenario(label + ": a step is either 'event' or 'feedback'");
            }
        }
        return new Scenario(name, where, out);
    }

    private static List<Step.Event> events(JsonNode step, String label, OffsetDateTime start, JsonObject defaults) {
        JsonObject event = defaults.copy().mergeIn(toJson(step.get("event")));
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
            ScenarioKeys.require(r, ScenarioKeys.REPEAT, label, "repeat");
            times = r.path("times").asInt(0);
            every = offset(r.path("every").asText("0s"), label);
            if (times < 1 || times > 10_000) {
                throw new InvalidScenario(label + ": repeat.times must be in the range [1, 10000]");
            }
        }
        List<Step.Event> out = new ArrayList<>(times);
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
     * Each part must be able to fail: an empty {@code expect}, an empty rule list, a rule list written as
     * a single string or a score bound that is not a whole number would otherwise count as a check that
     * checks nothing.
     */
    private static Expectation expectation(JsonNode e, String label) {
        ScenarioKeys.require(e, ScenarioKeys.EXPECT, label, "expect");
        if (e.isEmpty()) {
            throw new InvalidScenario(label + ": expect is empty; give at least one of "
                    + String.join(", ", ScenarioKeys.EXPECT) + ", or leave expect out");
        }
        Verdict decision = null;
        if (e.has("decision")) {
            try {
                decision = Verdict.valueOf(e.get("decision").asText());
            } catch (IllegalArgumentException ex) {
                throw new InvalidScenario(label + ": expect.decision must be ALLOW, STEP_UP or BLOCK");
            }
        }
        Integer scoreMin = score(e, "scoreMin", label);
        Integer scoreMax = score(e, "scoreMax", label);
        if (scoreMin != null && scoreMax != null && scoreMin > scoreMax) {
            throw new InvalidScenario(label + ": expect.scoreMin " + scoreMin + " is above scoreMax " + scoreMax
                    + ": no score can pass");
        }
        boolean noAlerts = flag(e, "noAlerts", label);
        if (e.has("noAlerts") && !noAlerts) {
            throw new InvalidScenario(label + ": expect.noAlerts: false checks nothing; write noAlerts: true, or "
                    + "leave it out");
        }
        List<String> alerts = names(e, "alerts", label, "alert kinds", "unfamiliar-device-top-up");
        if (noAlerts && !alerts.isEmpty()) {
            throw new InvalidScenario(label + ": expect.noAlerts and expect.alerts contradict each other: no step can pass");
        }
        return new Expectation(decision, ruleNames(e, "fired", label), ruleNames(e, "notFired", label), scoreMin, scoreMax,
                alerts, names(e, "notAlerted", label, "alert kinds", "block"), noAlerts);
    }

    private static Integer score(JsonNode e, String key, String label) {
        JsonNode v = e.get(key);
        if (v == null) {
            return null;
        }
        if (!v.isInt() || v.asInt() < 0 || v.asInt() > 100) {
            throw new InvalidScenario(label + ": expect." + key + " must be a whole number in the range [0, 100], was " + v);
        }
        return v.asInt();
    }

    private static List<String> ruleNames(JsonNode e, String key, String label) {
        return names(e, key, label, "rule names", "velocity: burst of charges on the account");
    }

    private static List<String> names(JsonNode e, String key, String label, String what, String example) {
        JsonNode node = e.get(key);
        if (node == null) {
            return List.of();
        }
        if (!node.isArray() || node.isEmpty()) {
            throw new InvalidScenario(label + ": expect." + key + " must be a non-empty list of " + what + ", like "
                    + key + ": [\"" + example + "\"]");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode n : node) {
            if (!n.isTextual() || n.asText().isBlank()) {
                throw new InvalidScenario(label + ": expect." + key + " must list " + what + " as strings, had " + n);
            }
            out.add(n.asText());
        }
        return out;
    }

    private static boolean flag(JsonNode step, String key, String label) {
        JsonNode v = step.get(key);
        if (v == null) {
            return false;
        }
        if (!v.isBoolean()) {
            throw new InvalidScenario(label + ": " + key + " must be true or false, was " + v);
        }
        return v.asBoolean();
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
