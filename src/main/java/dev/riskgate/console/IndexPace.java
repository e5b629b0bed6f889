package dev.riskgate.console;

import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;

/**
 * How much of the CPU the console index's thread may take while scoring is busy. On one core its work
 * competed with scoring for the same cycles: a fifth to a third of {@code /v1/score}'s throughput at
 * saturation (docs/benchmarks.md). Paced, it rests after each step while {@code busy} holds, long enough
 * that its steps take at most {@code share} of the time; otherwise it works freely. With several cores the
 * thread runs beside scoring and is not paced.
 *
 * @param share the most of the wall time the thread works while busy, in (0, 1]; 1 means no pacing
 * @param busy  whether scoring is saturated
 */
public record IndexPace(double share, BooleanSupplier busy) {

    /** A twentieth of one core while scoring is saturated: the index falls behind then, and catches up after. */
    static final double ONE_CORE_SHARE = 0.05;
    /**
     * Scores in progress from which one core counts as saturated: more than two means some wait for the
     * core. At 2,000 decisions/s (40% of a core) there are rarely more than one, and the index works freely.
     */
    static final int SATURATED_IN_FLIGHT = 3;
    public static final IndexPace UNPACED = new IndexPace(1, () -> false);

    public IndexPace {
        if (!(share > 0 && share <= 1)) {
            throw new IllegalArgumentException("the index's share of the CPU must be in (0, 1], was " + share);
        }
    }

    /**
     * On a single core, paced to {@link #ONE_CORE_SHARE} while {@code inFlight} (scores in progress) is
     * {@link #SATURATED_IN_FLIGHT} or more; unpaced on more cores.
     */
    public static IndexPace forCores(int cores, IntSupplier inFlight) {
        return cores > 1 ? UNPACED : new IndexPace(ONE_CORE_SHARE, () -> inFlight.getAsInt() >= SATURATED_IN_FLIGHT);
    }

    /** How long to rest after a step that took {@code workedNanos}, now. */
    long restNanos(long workedNanos) {
        if (share >= 1 || !busy.getAsBoolean()) {
            return 0;
        }
        return (long) (workedNanos * (1 - share) / share);
    }
}
