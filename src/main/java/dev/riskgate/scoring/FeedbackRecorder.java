package dev.riskgate.scoring;

import dev.riskgate.decision.FeedbackOutcome;
import dev.riskgate.decision.Verdict;
import dev.riskgate.state.Applied;
import dev.riskgate.state.Commit;
import dev.riskgate.state.DecisionRecord;
import dev.riskgate.state.StateKeys;
import dev.riskgate.state.StateStore;
import dev.riskgate.state.Status;
import java.util.List;

/**
 * Applies what happened after a decision. A passed step-up settles the event (its money counts and its
 * device becomes trusted); a failed one declines it for good; fraud takes back the device's trust and
 * the amount; legit is a label only. Sending the same feedback again changes nothing.
 */
public final class FeedbackRecorder {

    /** {@code changed} is false when the same outcome had already been recorded. */
    public record Recorded(String eventId, FeedbackOutcome outcome, boolean changed) {
    }

    private final StateStore store;
    private final List<DecisionListener> listeners;

    public FeedbackRecorder(StateStore store, List<DecisionListener> listeners) {
        this.store = store;
        this.listeners = List.copyOf(listeners);
    }

    public FeedbackRecorder(StateStore store) {
        this(store, List.of());
    }

    public Recorded record(String eventId, FeedbackOutcome outcome) {
        Recorded recorded = apply(eventId, outcome);
        if (recorded.changed()) {
            listeners.forEach(l -> l.feedbackRecorded(eventId, outcome));
        }
        return recorded;
    }

    private Recorded apply(String eventId, FeedbackOutcome outcome) {
        DecisionRecord rec = store.decision(eventId).orElseThrow(() -> new UnknownEvent(eventId));
        StateKeys keys = new StateKeys(eventId, rec.accountId(), rec.deviceId(), rec.storeId());
        while (true) {
            if (rec.feedback().contains(outcome)) {
                return new Recorded(eventId, outcome, false);
            }
            Status next = nextStatus(rec, outcome);
            Applied applied = store.apply(Commit.feedback(keys, rec, rec.withFeedback(outcome), next));
            if (applied.applied()) {
                return new Recorded(eventId, outcome, true);
            }
            // Other feedback on the same event landed first: judge this one again against what is stored.
            rec = java.util.Optional.ofNullable(applied.stored()).orElseThrow(() -> new UnknownEvent(eventId));
        }
    }

    /** The status the event moves to, or null when the outcome is a label only. */
    private static Status nextStatus(DecisionRecord rec, FeedbackOutcome outcome) {
        if (outcome.isStepUpResult()) {
            if (rec.answer().decision() != Verdict.STEP_UP) {
                throw new FeedbackConflict("event '" + rec.eventId() + "' was not stepped up (decision was "
                        + rec.answer().decision() + ")");
            }
            FeedbackOutcome other = outcome == FeedbackOutcome.STEP_UP_PASSED
                    ? FeedbackOutcome.STEP_UP_FAILED : FeedbackOutcome.STEP_UP_PASSED;
            if (rec.feedback().contains(other)) {
                throw new FeedbackConflict("event '" + rec.eventId() + "' was already reported as " + other);
            }
            if (rec.feedback().contains(FeedbackOutcome.FRAUD)) {
                return null; // fraud stands: a late step-up result must not re-trust the device
            }
            return outcome == FeedbackOutcome.STEP_UP_PASSED ? Status.PASSED : Status.FAILED;
        }
        return outcome == FeedbackOutcome.FRAUD ? Status.FRAUD : null;
    }
}
