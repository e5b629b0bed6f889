package dev.riskgate.rules.facts;

/**
 * One earlier attempt, seen from one {@code scope} (see {@link Scope}). {@code minutesAgo} is measured
 * in event time from the current event. {@code status} is an {@link Outcome};
 * {@code settled} means the money moved (ALLOWED or PASSED);
 * {@code declined} means it did not and never will (FAILED, BLOCKED, FRAUD). {@code newDevice}: the
 * device was new to that account at the time (not trusted, or trusted only since its first hours).
 */
public record PastEvent(
        Scope scope,
        String eventId,
        EventKind type,
        String accountId,
        String deviceId,
        String storeId,
        double minutesAgo,
        double amount,
        Outcome status,
        boolean settled,
        boolean declined,
        boolean newDevice) {
}
