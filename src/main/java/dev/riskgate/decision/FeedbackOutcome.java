package dev.riskgate.decision;

/** What happened after a decision, as the gateway or an analyst reports it. */
public enum FeedbackOutcome {
    STEP_UP_PASSED, STEP_UP_FAILED, FRAUD, LEGIT;

    public boolean isStepUpResult() {
        return this == STEP_UP_PASSED || this == STEP_UP_FAILED;
    }
}
