package dev.riskgate.scenarios;

import com.fasterxml.jackson.databind.JsonNode;
import dev.riskgate.event.Field;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The keys a scenario file may use, at every level. A key nobody reads is an expectation nobody checks:
 * {@code expect: {decison: ALLOW}} would count as a checked step and pass whatever the pack answers. So
 * every mapping is read against its list, and any other key refuses the file, naming the valid ones.
 */
final class ScenarioKeys {

    static final Set<String> FILE = ordered("name", "start", "defaults", "steps");
    static final Set<String> EVENT_STEP = ordered("event", "expect", "repeat", "backfill");
    static final Set<String> FEEDBACK_STEP = ordered("feedback");
    static final Set<String> FEEDBACK = ordered("eventId", "outcome");
    static final Set<String> EXPECT = ordered("decision", "fired", "notFired", "scoreMin", "scoreMax", "alerts",
            "notAlerted", "noAlerts");
    static final Set<String> REPEAT = ordered("times", "every");
    /** A basket line's keys, as POST /v1/score reads them (the API ignores others; a scenario must not). */
    static final Set<String> ITEM = ordered("sku", "category", "quantity", "unitPrice");
    /** An event's keys: the request's fields, plus {@code id} for eventId and {@code at} for the time. */
    static final Set<String> EVENT = ordered(Stream.concat(Arrays.stream(Field.values()).map(Field::wireName),
            Stream.of("id", "at")).toArray(String[]::new));

    private ScenarioKeys() {
    }

    /** Refuses {@code node} (a mapping, {@code what} in {@code where}) if it has a key outside {@code valid}. */
    static void require(JsonNode node, Set<String> valid, String where, String what) {
        if (node == null || !node.isObject()) {
            throw new ScenarioFile.InvalidScenario(where + ": " + what + " must be a mapping of " + String.join(", ", valid));
        }
        for (Iterator<String> keys = node.fieldNames(); keys.hasNext(); ) {
            String key = keys.next();
            if (!valid.contains(key)) {
                throw new ScenarioFile.InvalidScenario(where + ": unknown key '" + key + "' in " + what
                        + "; valid keys: " + String.join(", ", valid));
            }
        }
    }

    /** Refuses unknown keys in an event mapping and in each of its basket items. */
    static void requireEvent(JsonNode event, String where, String what) {
        require(event, EVENT, where, what);
        JsonNode items = event.get("items");
        if (items != null && items.isArray()) {
            int n = 0;
            for (JsonNode item : items) {
                n++;
                require(item, ITEM, where, what + " item " + n);
            }
        }
    }

    private static Set<String> ordered(String... keys) {
        return java.util.Collections.unmodifiableSet(new LinkedHashSet<>(List.of(keys)));
    }
}
