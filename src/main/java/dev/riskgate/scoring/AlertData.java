package dev.riskgate.scoring;

import dev.riskgate.decision.Alert;
import dev.riskgate.decision.AlertIds;
import dev.riskgate.decision.Decision;
import dev.riskgate.decision.Reason;
import dev.riskgate.event.ScoreRequest;
import dev.riskgate.state.OutboxEntry;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * An alert as it leaves riskgate (a webhook's {@code data}), written once when its decision is committed:
 * the account and device ids as sent, the event (the decision's id), the kind and message, the amount, the
 * verdict and its reasons, and a per-account sequence number. Nothing else of the request: no funding
 * source, no ip, no basket. The owner's token is added at delivery, signed with the delivery's secret.
 */
final class AlertData {

    /** Alerts of one event in kind order share its time; the sequence leaves room for them. */
    private static final int PER_EVENT = 16;

    private AlertData() {
    }

    static List<OutboxEntry> entries(ScoreRequest req, Decision decision, Instant raisedAt) {
        List<OutboxEntry> out = new ArrayList<>();
        List<Alert> alerts = decision.alerts();
        for (int i = 0; i < alerts.size(); i++) {
            Alert a = alerts.get(i);
            String id = AlertIds.of(req.eventId(), a.kind());
            JsonArray reasons = new JsonArray();
            for (Reason r : decision.reasons()) {
                reasons.add(new JsonObject().put("rule", r.rule()).put("message", r.message()));
            }
            JsonObject data = new JsonObject()
                    .put("alertId", id)
                    .put("accountId", req.accountId())
                    .put("deviceId", req.deviceId())
                    .put("kind", a.kind())
                    .put("message", a.message())
                    .put("eventIds", new JsonArray().add(req.eventId()))
                    .put("decisionId", req.eventId())
                    .put("type", req.type().wireName())
                    .put("amount", req.amount())
                    .put("currency", req.currency())
                    .put("decision", decision.decision().name())
                    .put("reasons", reasons)
                    // Orders an account's alerts: its event's time, then kind order within the event.
                    .put("seq", req.occurredAt().toInstant().toEpochMilli() * PER_EVENT + Math.min(i, PER_EVENT - 1))
                    .put("raisedAt", raisedAt.toString());
            out.add(new OutboxEntry(id, req.eventId(), data.encode()));
        }
        return out;
    }
}
