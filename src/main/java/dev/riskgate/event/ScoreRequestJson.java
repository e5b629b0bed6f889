package dev.riskgate.event;

import com.fasterxml.jackson.core.JsonGenerator;
import io.vertx.core.json.JsonObject;
import io.vertx.core.json.jackson.JacksonCodec;
import java.io.IOException;

/**
 * A validated request written back in its wire form, every present {@link Field} in order: what the
 * decision log stores, what the simulator writes and what replay reads with {@link ScoreRequestParser}.
 */
public final class ScoreRequestJson {

    private ScoreRequestJson() {
    }

    public static JsonObject encode(ScoreRequest r) {
        JsonObject json = new JsonObject();
        for (Field f : Field.IN_ORDER) {
            if (f.presentIn(r)) {
                json.put(f.wireName(), f.wire().write(f.of(r)));
            }
        }
        return json;
    }

    /**
     * Writes the same object as {@link #encode} at the generator's position, straight to its output;
     * {@code withoutPersonal} leaves out the {@link Field#personal() personal} fields (a redacting log).
     */
    public static void write(ScoreRequest r, boolean withoutPersonal, JsonGenerator g) throws IOException {
        g.writeStartObject();
        for (Field f : Field.IN_ORDER) {
            if (f.presentIn(r) && !(withoutPersonal && f.personal())) {
                g.writeFieldName(f.wireName());
                JacksonCodec.encodeJson(f.wire().write(f.of(r)), g);
            }
        }
        g.writeEndObject();
    }
}
