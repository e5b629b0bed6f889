package dev.riskgate.state;

import dev.riskgate.event.EventType;
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

    public HistoryEvent withStatus(Status next) {
        return new HistoryEvent(eventId, type, at, amount, accountId, deviceId, storeId, next, newDevice, resale);
    }
}
