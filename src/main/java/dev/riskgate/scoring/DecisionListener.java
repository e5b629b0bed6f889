package dev.riskgate.scoring;

import dev.riskgate.decision.Decision;
import dev.riskgate.decision.DegradedReason;
import dev.riskgate.decision.FeedbackOutcome;
import dev.riskgate.event.ScoreRequest;

/**
 * Told about every new decision and every recorded feedback, after the state change is durable and
 * before the answer goes out, and about every degraded answer (the fail decision), after it went out.
 * Implementations: the decision log and the shadow pack. A listener must be quick and must not throw; a
 * failure is logged and never fails the request.
 */
public interface DecisionListener {

    void decided(ScoreRequest request, Scored scored);

    /** {@code req} was answered the fail decision, for {@code reason}; nothing was recorded as history. */
    default void degraded(ScoreRequest request, Decision answer, DegradedReason reason) {
    }

    default void feedbackRecorded(String eventId, FeedbackOutcome outcome) {
    }
}
