package dev.riskgate.scoring;

import java.util.concurrent.atomic.AtomicReference;

/**
 * Who answers one score request: its scoring work, or the fail decision at the deadline. The work runs on a
 * worker thread and may still be running when the deadline fires, so the two race for this claim, once:
 * <ul>
 *   <li>the work takes it just before it commits a decision or returns a stored one
 *       ({@link #takeForWork}). From then on the answer is the real decision: the deadline leaves it
 *       alone and the answer waits for the commit, which the store bounds (one journal write; on Redis
 *       the store's operation timeout, half the deadline);</li>
 *   <li>the deadline takes it while the work has not ({@link #takeForDeadline}) and answers the fail
 *       decision; the work, finding the claim gone, commits nothing and gives up
 *       ({@link DeadlinePassed}). No history, no idempotency record: a retry of the event is scored
 *       afresh.</li>
 * </ul>
 * A gateway therefore never acts on one answer while the store holds another. A request without a
 * deadline (replay, scenario files, import) uses a claim nobody else takes.
 */
public final class AnswerClaim {

    private enum Holder { NOBODY, WORK, FAIL_DECISION }

    private final AtomicReference<Holder> holder = new AtomicReference<>(Holder.NOBODY);
    private final boolean hasDeadline;
    private final long deadline;

    /** A claim nobody else takes: the work has no deadline. */
    public AnswerClaim() {
        this.hasDeadline = false;
        this.deadline = 0;
    }

    /** A claim the fail decision takes at {@code deadline} ({@link System#nanoTime()}). */
    public AnswerClaim(long deadline) {
        this.hasDeadline = true;
        this.deadline = deadline;
    }

    boolean hasDeadline() {
        return hasDeadline;
    }

    /** When the fail decision answers, in {@link System#nanoTime()}; meaningful only with {@link #hasDeadline()}. */
    long deadline() {
        return deadline;
    }

    /** True when the work may commit and answer; false when the fail decision was already sent. */
    public boolean takeForWork() {
        return holder.compareAndSet(Holder.NOBODY, Holder.WORK) || holder.get() == Holder.WORK;
    }

    /** True when the fail decision is to be sent now; false when the work holds the answer. */
    public boolean takeForDeadline() {
        return holder.compareAndSet(Holder.NOBODY, Holder.FAIL_DECISION);
    }

    /**
     * After the work failed (the store unreachable): the fail decision answers, unless it already has.
     * Only called once the work has stopped, so nothing races it. False when it was already sent.
     */
    public boolean takeAfterFailure() {
        return holder.getAndSet(Holder.FAIL_DECISION) != Holder.FAIL_DECISION;
    }

    /** Whether the fail decision was sent: the work, if it still runs, must change nothing. */
    public boolean failDecisionSent() {
        return holder.get() == Holder.FAIL_DECISION;
    }
}
