package dev.riskgate.state;

import java.util.Objects;

/** The rows one decision reads and writes. {@code storeId} is null for charges without a store. */
public record StateKeys(String eventId, String accountId, String deviceId, String storeId) {
    public StateKeys {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(deviceId, "deviceId");
    }
}
