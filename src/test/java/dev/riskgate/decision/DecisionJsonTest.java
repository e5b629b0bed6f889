package dev.riskgate.decision;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The answer's bytes are those the release before sent, so gateways and stored logs read them as ever. */
class DecisionJsonTest {

    private static final Decision TRICKY = new Decision("evt-\"東京\"\u0001", Verdict.STEP_UP, 65,
            List.of(new Reason("first device", 40, "¥5,000 on a new \"device\"\n\u2028 😀"),
                    new Reason("night", 25, "</script>&")), "pack-2026-12-07T00:00:00Z-abc");

    @Test
    void writesWhatTheVertxEncodingOfTheSameObjectWrote() {
        assertThat(DecisionJson.of(TRICKY)).isEqualTo(asJsonObject(TRICKY).encode());
    }

    @Test
    void aDegradedAnswerAddsItsFlagAndReasonLast() {
        Decision fail = new Decision("evt-1", Verdict.BLOCK, 0, List.of(), "v1");

        assertThat(DecisionJson.degraded(fail, DegradedReason.STORE_UNAVAILABLE)).isEqualTo(asJsonObject(fail)
                .put("degraded", true).put("degradedReason", "store_unavailable").encode());
    }

    /** The previous release's writer, kept here as the reference. */
    private static JsonObject asJsonObject(Decision d) {
        JsonArray reasons = new JsonArray();
        for (Reason r : d.reasons()) {
            reasons.add(new JsonObject().put("rule", r.rule()).put("points", r.points()).put("message", r.message()));
        }
        return new JsonObject().put("eventId", d.eventId()).put("decision", d.decision().name()).put("score", d.score())
                .put("reasons", reasons).put("rulesVersion", d.rulesVersion());
    }
}
