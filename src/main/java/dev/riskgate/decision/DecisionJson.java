package dev.riskgate.decision;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

/**
 * The wire form of a decision (see docs/openapi.yaml), written once per decision as JSON text: the HTTP
 * answer sends it and the decision log embeds it as is. Field order and spelling are those of the
 * release before (a Vert.x JsonObject encoded with Jackson's defaults), so stored logs and gateways see
 * the same bytes.
 */
public final class DecisionJson {

    /** Shared by every writer of decision-shaped JSON; a JsonFactory is thread-safe once built. */
    public static final JsonFactory FACTORY = new JsonFactory();

    private DecisionJson() {
    }

    public static String of(Decision d) {
        return write(d, null);
    }

    /** The fail decision sent instead of a decision of the rules; only such answers carry {@code degraded}. */
    public static String degraded(Decision d, DegradedReason reason) {
        return write(d, reason);
    }

    private static String write(Decision d, DegradedReason degraded) {
        StringWriter out = new StringWriter(256);
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            write(d, degraded, g);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write a decision as JSON", e);
        }
        return out.toString();
    }

    /** Writes {@code reasons} as an array field named {@code field}: {@code [{rule, points, message}]}. */
    public static void writeReasons(String field, java.util.List<Reason> reasons, JsonGenerator g) throws IOException {
        g.writeArrayFieldStart(field);
        for (Reason r : reasons) {
            g.writeStartObject();
            g.writeStringField("rule", r.rule());
            g.writeNumberField("points", r.points());
            g.writeStringField("message", r.message());
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    /**
     * Writes {@code alerts} as an array value: {@code [{kind, rule, message}]} (the decision log's line and
     * the console's index hold them in this form).
     */
    public static void writeAlerts(java.util.List<Alert> alerts, JsonGenerator g) throws IOException {
        g.writeStartArray();
        for (Alert a : alerts) {
            g.writeStartObject();
            g.writeStringField("kind", a.kind());
            g.writeStringField("rule", a.rule());
            g.writeStringField("message", a.message());
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    /** Writes the decision's object at the generator's position. */
    public static void write(Decision d, DegradedReason degraded, JsonGenerator g) throws IOException {
        g.writeStartObject();
        g.writeStringField("eventId", d.eventId());
        g.writeStringField("decision", d.decision().name());
        g.writeNumberField("score", d.score());
        writeReasons("reasons", d.reasons(), g);
        g.writeStringField("rulesVersion", d.rulesVersion());
        if (degraded != null) {
            g.writeBooleanField("degraded", true);
            g.writeStringField("degradedReason", degraded.wireName());
        }
        g.writeEndObject();
    }
}
