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

    /**
     * Whether feedback may move an event from this status to {@code next}: a pending step-up is passed or
     * failed once, and anything may later be reported as fraud, which is final. Status only moves
     * forward, which makes a replayed restatus harmless (a late "passed" cannot re-trust a fraud's device).
     */
    public boolean canBecome(Status next) {
        return switch (this) {
            case PENDING -> next == PASSED || next == FAILED || next == FRAUD;
            case ALLOWED, BLOCKED, PASSED, FAILED -> next == FRAUD;
            case FRAUD -> false;
        };
    }
}
