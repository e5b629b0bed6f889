package dev.riskgate.state;

import dev.riskgate.decision.Decision;
import dev.riskgate.decision.FeedbackOutcome;
import java.time.Instant;
import java.util.List;

/**
 * A stored answer, kept for retries, reconciliation and feedback. {@code requestHash} identifies the
 * request body so a reused eventId with different content is caught instead of silently answered.
 * {@code feedback} lists every outcome reported, in arrival order.
 */
public record DecisionRecord(
        Decision answer,
        String requestHash,
        String accountId,
        String deviceId,
        String storeId,
        Instant decidedAt,
        List<FeedbackOutcome> feedback) {

    public DecisionRecord {
        feedback = feedback == null ? List.of() : List.copyOf(feedback);
    }

    public String eventId() {
        return answer.eventId();
    }

    public DecisionRecord withFeedback(FeedbackOutcome outcome) {
        List<FeedbackOutcome> next = new java.util.ArrayList<>(feedback);
        next.add(outcome);
        return new DecisionRecord(answer, requestHash, accountId, deviceId, storeId, decidedAt, next);
    }
}
