package dev.riskgate.state;

import dev.riskgate.event.EventType;
import dev.riskgate.event.ScoreRequest;
import java.time.Instant;
import java.util.List;

/**
 * One past charge or purchase attempt as the account, device and store histories remember it.
 * {@code newDevice} says whether the device was untrusted for the account at the time.
 */
public record HistoryEvent(
        String eventId,
        EventType type,
        Instant at,
        double amount,
        String accountId,
        String deviceId,
        String storeId,
        Status status,
        boolean newDevice,
        List<Resale> resale) {

    public HistoryEvent {
        resale = resale == null ? List.of() : List.copyOf(resale);
    }

    /**
     * An attempt as history keeps it: what velocity, drain and habit rules look back at, a subset of the
     * request. The one place a request becomes history; {@code newDevice} and {@code resale} are judged by
     * the caller (they need the account's state and the pack's catalogue).
     */
    public static HistoryEvent of(ScoreRequest req, Status status, boolean newDevice, List<Resale> resale) {
        return new HistoryEvent(req.eventId(), req.type(), req.occurredAt().toInstant(), req.amount().doubleValue(),
                req.accountId(), req.deviceId(), req.storeId(), status, newDevice, resale);
    }

    public HistoryEvent withStatus(Status next) {
        return new HistoryEvent(eventId, type, at, amount, accountId, deviceId, storeId, next, newDevice, resale);
    }
}
