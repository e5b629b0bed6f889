package dev.riskgate.state;

import java.util.Objects;

/**
 * One alert waiting to be delivered, committed with the decision that raised it. {@code data} is the
 * alert as delivered (JSON text, written once by scoring); a store keeps it opaque. {@code eventId}
 * places the entry with its event (in Redis, in the event's hash slot).
 */
public record OutboxEntry(String alertId, String eventId, String data) {

    public OutboxEntry {
        Objects.requireNonNull(alertId, "alertId");
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(data, "data");
    }
}
