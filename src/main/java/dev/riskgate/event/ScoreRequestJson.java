package dev.riskgate.event;

import io.vertx.core.json.JsonObject;

/**
 * A validated request written back in its wire form, every present {@link Field} in order: what the
 * decision log stores, what the simulator writes and what replay reads with {@link ScoreRequestParser}.
 */
public final class ScoreRequestJson {

    private ScoreRequestJson() {
    }

    public static JsonObject encode(ScoreRequest r) {
        JsonObject json = new JsonObject();
        for (Field f : Field.values()) {
            if (f.presentIn(r)) {
                json.put(f.wireName(), f.wire().write(f.of(r)));
            }
        }
        return json;
    }
}
