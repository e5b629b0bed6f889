package dev.riskgate.rules.facts;

/**
 * The charge or purchase being scored. {@code type} is "charge" or "purchase"; {@code storeId},
 * {@code fundingSource} and {@code ip} may be null.
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
        String ip) {
}
