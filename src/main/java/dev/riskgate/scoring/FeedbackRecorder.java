package dev.riskgate.scoring;

import dev.riskgate.state.Change;
import dev.riskgate.state.DecisionRecord;
import dev.riskgate.state.Histories;
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
        DecisionRecord found = store.decision(eventId).orElseThrow(() -> new UnknownEvent(eventId));
        StateKeys keys = new StateKeys(eventId, found.accountId(), found.deviceId(), found.storeId());
        return store.atomically(keys, snap -> {
            DecisionRecord rec = snap.decision().orElseThrow(() -> new UnknownEvent(eventId));
            if (rec.feedback().contains(outcome)) {
                return Change.none(new Recorded(eventId, outcome, false));
            }
            Status next = nextStatus(rec, outcome);
            DecisionRecord updated = rec.withFeedback(outcome);
            Recorded result = new Recorded(eventId, outcome, true);
            if (next == null) {
                return new Change<>(result, updated, null, null, null);
            }
            return new Change<>(result, updated,
                    Histories.restatus(snap.account(), eventId, next),
                    Histories.restatus(snap.device(), eventId, next),
                    rec.storeId() == null ? null : Histories.restatus(snap.store(), eventId, next));
        });
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
