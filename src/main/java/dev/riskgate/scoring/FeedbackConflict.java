package dev.riskgate.scoring;

/** Feedback that contradicts the decision or earlier feedback (a step-up result for an event not stepped up). */
public final class FeedbackConflict extends RuntimeException {
    public FeedbackConflict(String message) {
        super(message);
    }
}
