package dev.riskgate.console;

import java.time.Instant;

/**
 * What the decisions list is narrowed to; every field may be null (no filter). {@code q} matches an event,
 * account, device or store id exactly. {@code from} is inclusive, {@code to} exclusive, on occurredAt.
 */
public record DecisionFilter(String q, String decision, String rule, String accountId, String deviceId,
                             String storeId, Instant from, Instant to) {

    public static final DecisionFilter NONE = new DecisionFilter(null, null, null, null, null, null, null, null);

    public DecisionFilter {
        q = blankToNull(q);
        decision = blankToNull(decision);
        rule = blankToNull(rule);
        accountId = blankToNull(accountId);
        deviceId = blankToNull(deviceId);
        storeId = blankToNull(storeId);
        if (decision != null && !decision.matches("ALLOW|STEP_UP|BLOCK")) {
            throw new IllegalArgumentException("decision must be one of ALLOW, STEP_UP, BLOCK, was '" + decision + "'");
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
