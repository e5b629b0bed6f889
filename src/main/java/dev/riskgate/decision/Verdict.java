package dev.riskgate.decision;

/** What the gateway should do with the payment. */
public enum Verdict {
    /** Let it through. */
    ALLOW,
    /** Ask the customer for a second factor; report the result with feedback. */
    STEP_UP,
    /** Decline. */
    BLOCK
}
