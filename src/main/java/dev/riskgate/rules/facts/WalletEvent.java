package dev.riskgate.rules.facts;

/**
 * The charge or purchase being scored. {@code type} is "charge" or "purchase"; {@code storeId},
 * {@code fundingSource} and {@code ip} may be null. {@code localHour} (0-23) is the hour of
 * {@code occurredAt} in the offset the gateway sent, i.e. the customer's wall clock.
 */
public record WalletEvent(
        String eventId,
        String type,
        String accountId,
        String deviceId,
        String storeId,
        double amount,
        String currency,
        String fundingSource,
        String ip,
        int localHour) {
}
