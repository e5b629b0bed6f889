package dev.riskgate.rules.facts;

/**
 * Resale-prone goods in an earlier purchase, per group, seen from a scope ("account", "device" or
 * "store"), with the same fields as {@link PastEvent}.
 */
public record PastResale(
        String scope,
        String eventId,
        String accountId,
        String deviceId,
        String storeId,
        String group,
        double units,
        double amount,
        double minutesAgo,
        String status,
        boolean settled,
        boolean declined,
        boolean newDevice) {
}
