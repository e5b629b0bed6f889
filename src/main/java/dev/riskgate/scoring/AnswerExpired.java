package dev.riskgate.scoring;

import dev.riskgate.state.DecisionRecord;

/**
 * A retry, or a lookup, of an event decided longer ago than the idempotency window: the event is known and
 * was decided ({@code record} is its compact record, with the verdict), but its answer is no longer kept,
 * so it cannot be sent again byte for byte. The service answers 410 {@code answer_expired} with the verdict.
 */
public final class AnswerExpired extends RuntimeException {

    private final transient DecisionRecord record;

    public AnswerExpired(DecisionRecord record) {
        super("event '" + record.eventId() + "' was decided at " + record.decidedAt() + " (" + record.answer().decision()
                + "); its answer is kept for the idempotency window only, and feedback still reaches it");
        this.record = record;
    }

    public DecisionRecord record() {
        return record;
    }
}
