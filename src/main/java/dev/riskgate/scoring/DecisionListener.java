package dev.riskgate.scoring;

import dev.riskgate.decision.FeedbackOutcome;
import dev.riskgate.event.ScoreRequest;

/**
 * Told about every new decision and every recorded feedback, after the state change is durable and
 * before the answer goes out. Implementations: the decision log and the shadow pack. A listener must be
 * quick and must not throw; a failure is logged and never fails the request.
 */
public interface DecisionListener {

    void decided(ScoreRequest request, Scored scored);

    default void feedbackRecorded(String eventId, FeedbackOutcome outcome) {
    }
}
