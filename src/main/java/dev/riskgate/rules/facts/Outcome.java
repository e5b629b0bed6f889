package dev.riskgate.rules.facts;

/**
 * Where an earlier attempt stands, as rules read it: ALLOWED; PENDING (stepped up, not yet answered);
 * PASSED or FAILED (the second factor's answer); BLOCKED; FRAUD (reported after the fact). An enum, so a
 * misspelt status ({@code Outcome.FAILD}) fails the pack's load.
 */
public enum Outcome {
    ALLOWED,
    PENDING,
    PASSED,
    FAILED,
    BLOCKED,
    FRAUD
}
