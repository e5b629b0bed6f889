package dev.riskgate.decision;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** The wire form of a decision (see docs/openapi.yaml). */
public final class DecisionJson {

    private DecisionJson() {
    }

    public static JsonObject of(Decision d) {
        JsonArray reasons = new JsonArray();
        for (Reason r : d.reasons()) {
            reasons.add(new JsonObject().put("rule", r.rule()).put("points", r.points()).put("message", r.message()));
        }
        return new JsonObject()
                .put("eventId", d.eventId())
                .put("decision", d.decision().name())
                .put("score", d.score())
                .put("reasons", reasons)
                .put("rulesVersion", d.rulesVersion());
    }

    /** The fail decision sent instead of a decision of the rules; only such answers carry {@code degraded}. */
    public static JsonObject degraded(Decision d, DegradedReason reason) {
        return of(d).put("degraded", true).put("degradedReason", reason.wireName());
    }
}
