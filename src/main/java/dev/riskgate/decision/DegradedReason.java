package dev.riskgate.decision;

/** Why a score request got the declared fail decision instead of a decision of the rules. */
public enum DegradedReason {
    /** The decision was not ready within RISKGATE_DEADLINE_MS. */
    DEADLINE("deadline"),
    /** The state store could not be read or written (Redis down, say). */
    STORE_UNAVAILABLE("store_unavailable");

    private final String wireName;

    DegradedReason(String wireName) {
        this.wireName = wireName;
    }

    /** As the answer's {@code degradedReason} and the metric's {@code reason} label say it. */
    public String wireName() {
        return wireName;
    }
}
