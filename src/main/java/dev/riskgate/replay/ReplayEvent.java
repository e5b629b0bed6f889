package dev.riskgate.replay;

import dev.riskgate.scoring.FeedbackOutcome;
import dev.riskgate.scoring.ScoreRequest;
import java.util.List;

/** One recorded event, with the feedback the stream reported for it (applied right after it is scored). */
public record ReplayEvent(ScoreRequest request, List<FeedbackOutcome> feedback) {
    public ReplayEvent {
        feedback = List.copyOf(feedback);
    }
}
