package dev.riskgate.replay;

import dev.riskgate.decision.FeedbackOutcome;
import dev.riskgate.decision.Verdict;
import dev.riskgate.event.ScoreRequest;
import java.util.List;

/**
 * One recorded event, with the feedback the stream reported for it (applied right after it is scored)
 * and the answer it was given when it was recorded live, or null when the stream does not say (a
 * simulated stream, a file of settled payments). {@code degraded}: live, it only ever got the declared
 * fail decision (past the deadline or with the store down), which the service did not count as history.
 */
public record ReplayEvent(ScoreRequest request, List<FeedbackOutcome> feedback, Verdict recordedAnswer,
                          boolean degraded) {
    public ReplayEvent {
        feedback = List.copyOf(feedback);
    }

    public ReplayEvent(ScoreRequest request, List<FeedbackOutcome> feedback) {
        this(request, feedback, null, false);
    }

    /**
     * Whether its money moved, as far as the stream tells: not blocked, not a failed or unanswered
     * step-up, not reported as fraud, not answered only with the fail decision. An event recorded without
     * an answer is taken as settled.
     */
    public boolean settled() {
        if (degraded || feedback.contains(FeedbackOutcome.FRAUD)) {
            return false;
        }
        if (recordedAnswer == null || recordedAnswer == Verdict.ALLOW) {
            return true;
        }
        return recordedAnswer == Verdict.STEP_UP && feedback.contains(FeedbackOutcome.STEP_UP_PASSED);
    }
}
