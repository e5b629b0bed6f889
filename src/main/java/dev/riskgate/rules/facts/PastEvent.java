package dev.riskgate.rules.facts;

/**
 * One earlier attempt, seen from one {@code scope} (see {@link Scope}). {@code minutesAgo} is measured
 * in event time from the current event. {@code status} is ALLOWED, PENDING (step-up not yet answered),
 * PASSED, FAILED, BLOCKED or FRAUD; {@code settled} means the money moved (ALLOWED or PASSED);
 * {@code declined} means it did not and never will (FAILED, BLOCKED, FRAUD). {@code newDevice}: the
 * device was not trusted by that account at the time.
 */
public record PastEvent(
        Scope scope,
        String eventId,
        String type,
        String accountId,
        String deviceId,
        String storeId,
        double minutesAgo,
        double amount,
        String status,
        boolean settled,
        boolean declined,
        boolean newDevice) {
}
