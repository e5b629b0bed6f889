package dev.riskgate.console;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.riskgate.decision.DecisionJson;
import dev.riskgate.decision.Reason;
import dev.riskgate.event.Iso8601;
import dev.riskgate.event.ScoreRequest;
import dev.riskgate.event.ScoreRequestJson;
import dev.riskgate.scoring.DecisionEnvelope;
import dev.riskgate.state.HistoryEvent;
import dev.riskgate.state.KnownDevice;
import dev.riskgate.state.Snapshot;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;

/**
 * One decision as the console indexes it, taken from the {@link DecisionEnvelope} (or from its decision log
 * line on a rebuild), never re-derived. The event is kept without its personal fields, whatever the log's
 * setting: the console shows it masked as a redacting log writes it.
 *
 * @param answer the decision's wire form, as the gateway got it
 * @param seen   what the rules saw (the account's devices, its recent attempts, the device's accounts) as
 *               JSON, or null when it is not known (a line read back from the log, a degraded or stored answer)
 * @param alerts what the account holder was told, as the log line's {@code alerts} array, or null when nothing
 */
public record IndexedDecision(String eventId, Instant occurredAt, Instant loggedAt, String type, String decision,
                              int score, boolean degraded, String accountId, String deviceId, String storeId,
                              String rulesVersion, String maskedEvent, String answer, List<Reason> reasons,
                              List<Reason> staged, String seen, String alerts) {

    /** How many of the account's latest attempts the decision page shows. */
    static final int RECENT = 10;

    public static IndexedDecision of(DecisionEnvelope e, Instant loggedAt) {
        ScoreRequest r = e.event();
        return new IndexedDecision(r.eventId(), r.occurredAt().toInstant(), loggedAt, r.type().name(),
                e.decision().decision().name(), e.decision().score(), e.degraded(), r.accountId(), r.deviceId(),
                r.storeId(), e.decision().rulesVersion(), masked(r), e.answer(), e.decision().reasons(),
                e.decision().staged(), e.scored().snapshot() == null ? null : seen(e.scored().snapshot()),
                e.decision().alerts().isEmpty() ? null
                        : json(g -> DecisionJson.writeAlerts(e.decision().alerts(), g)));
    }

    static String masked(ScoreRequest r) {
        return json(g -> ScoreRequestJson.write(r, true, g));
    }

    private static String seen(Snapshot s) {
        return json(g -> {
            g.writeStartObject();
            g.writeArrayFieldStart("devices");
            for (KnownDevice d : s.account().devices()) {
                g.writeStartObject();
                g.writeStringField("deviceId", d.deviceId());
                g.writeStringField("firstSeen", d.firstSeen() == null ? "null" : Iso8601.text(d.firstSeen()));
                g.writeStringField("trustedAt", d.trustedAt() == null ? null : Iso8601.text(d.trustedAt()));
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeArrayFieldStart("recent");
            List<HistoryEvent> events = s.account().events();
            for (int i = events.size() - 1; i >= Math.max(0, events.size() - RECENT); i--) {
                HistoryEvent h = events.get(i);
                g.writeStartObject();
                g.writeStringField("eventId", h.eventId());
                g.writeStringField("type", h.type().name());
                g.writeStringField("at", Iso8601.text(h.at()));
                g.writeNumberField("amount", h.amount());
                g.writeStringField("deviceId", h.deviceId());
                g.writeStringField("storeId", h.storeId());
                g.writeStringField("status", h.status().name());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeArrayFieldStart("deviceAccounts");
            s.device().events().stream().map(HistoryEvent::accountId).distinct().forEach(a -> {
                try {
                    g.writeString(a);
                } catch (IOException ex) {
                    throw new UncheckedIOException(ex);
                }
            });
            g.writeEndArray();
            g.writeEndObject();
        });
    }

    interface Writes {
        void to(JsonGenerator g) throws IOException;
    }

    static String json(Writes w) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = DecisionJson.FACTORY.createGenerator(out)) {
            w.to(g);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }
}
