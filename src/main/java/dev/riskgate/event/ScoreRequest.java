package dev.riskgate.event;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Objects;

/**
 * A validated charge or purchase, as the gateway sent it. Its components are the {@link Field}s, by name;
 * validation of the wire form (and its error messages) lives in {@link ScoreRequestParser}, and this record
 * only guards the invariants the pipeline relies on.
 */
public record ScoreRequest(
        String eventId,
        EventType type,
        String accountId,
        String deviceId,
        OffsetDateTime occurredAt,
        BigDecimal amount,
        String currency,
        String storeId,
        List<LineItem> items,
        String fundingSource,
        String ip) {

    public ScoreRequest {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(currency, "currency");
        if (amount == null || amount.signum() <= 0) {
            throw new IllegalArgumentException("amount must be greater than 0");
        }
        if (type == EventType.PURCHASE && storeId == null) {
            throw new IllegalArgumentException("storeId is required for a purchase");
        }
        items = items == null ? List.of() : List.copyOf(items);
    }
}
