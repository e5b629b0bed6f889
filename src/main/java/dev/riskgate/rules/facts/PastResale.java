package dev.riskgate.rules.facts;

/**
 * Resale goods in an earlier purchase, per group, seen from a scope, with the same fields as
 * {@link PastEvent}; {@code units} as in {@link ResaleLine}.
 */
public record PastResale(
        Scope scope,
        String eventId,
        String accountId,
        String deviceId,
        String storeId,
        Goods goods,
        double units,
        double amount,
        double minutesAgo,
        Outcome status,
        boolean settled,
        boolean declined,
        boolean newDevice) {
}
