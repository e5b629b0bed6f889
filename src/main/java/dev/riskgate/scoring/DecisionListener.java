package dev.riskgate.scoring;

import dev.riskgate.decision.FeedbackOutcome;

/**
 * Told about every new decision and every recorded feedback, after the state change is durable and
 * before the answer goes out, and about every degraded answer (the fail decision), after it went out.
 * Each is told the one {@link DecisionEnvelope} the answer was sent from. Implementations: the decision
 * log, the shadow pack and the console's index feed. A listener must be quick and must not throw; a
 * failure is logged and never fails the request.
 */
public interface DecisionListener {

    void decided(DecisionEnvelope decision);

    /** The request was answered the fail decision; nothing was recorded as history. */
    default void degraded(DecisionEnvelope answer) {
    }

    default void feedbackRecorded(String eventId, FeedbackOutcome outcome) {
    }
}
