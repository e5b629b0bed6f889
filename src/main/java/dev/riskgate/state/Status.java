package dev.riskgate.state;

/** Where an event stands: whether its money moved and whether it can vouch for its device. */
public enum Status {
    /** Allowed outright. */
    ALLOWED,
    /** Stepped up; the gateway has not yet reported the second factor's result. */
    PENDING,
    /** Stepped up and the customer passed the second factor. */
    PASSED,
    /** Stepped up and the second factor failed. */
    FAILED,
    /** Blocked. */
    BLOCKED,
    /** Reported as fraud after the fact. */
    FRAUD;

    /** Money moved and the customer stands behind it: it counts as charged or spent. */
    public boolean settled() {
        return this == ALLOWED || this == PASSED;
    }
}
