package dev.riskgate.config;

import dev.riskgate.decision.Verdict;
import java.time.Duration;

/**
 * What the gateway gets when riskgate cannot decide in time. Every {@code POST /v1/score} has a
 * {@code deadline} (RISKGATE_DEADLINE_MS); past it, or with the state store unreachable, the answer is
 * {@code failDecision} (RISKGATE_FAIL_DECISION), marked degraded, and nothing is recorded as history. Only
 * the HTTP path has a deadline: replay, scenario files and import wait for every decision.
 */
public record DegradedMode(Duration deadline, Verdict failDecision) {

    public static final Duration DEFAULT_DEADLINE = Duration.ofMillis(100);
    public static final Verdict DEFAULT_FAIL_DECISION = Verdict.STEP_UP;
    private static final Duration MAX_DEADLINE = Duration.ofSeconds(60);
    /** What a store operation was allowed before deadlines existed; a longer wait helps nobody. */
    private static final Duration MAX_STORE_TIMEOUT = Duration.ofSeconds(5);

    public DegradedMode {
        if (deadline == null || deadline.toMillis() < 1 || deadline.compareTo(MAX_DEADLINE) > 0) {
            throw new IllegalArgumentException("RISKGATE_DEADLINE_MS must be in the range [1, "
                    + MAX_DEADLINE.toMillis() + "], was " + (deadline == null ? null : deadline.toMillis()));
        }
        if (failDecision == null) {
            throw new IllegalArgumentException("RISKGATE_FAIL_DECISION must be one of ALLOW, STEP_UP, BLOCK");
        }
    }

    public static DegradedMode defaults() {
        return new DegradedMode(DEFAULT_DEADLINE, DEFAULT_FAIL_DECISION);
    }

    /**
     * How long one operation on a remote store (Redis) may take: half the deadline, at most 5 s. A
     * decision whose commit began just before the deadline is answered once that commit ends (it is the
     * real decision, and the gateway must see it), so this bounds how late past the deadline an answer
     * can be: 50 ms at the default 100 ms deadline.
     */
    public Duration storeTimeout() {
        Duration half = deadline.dividedBy(2);
        return half.compareTo(MAX_STORE_TIMEOUT) > 0 ? MAX_STORE_TIMEOUT : half;
    }
}
