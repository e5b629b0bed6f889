package dev.riskgate.decision;

import java.util.List;

/** The answer to a score request, exactly as it goes over the wire and as it is stored for retries. */
public record Decision(String eventId, Verdict decision, int score, List<Reason> reasons, String rulesVersion) {
    public Decision {
        if (score < 0 || score > 100) {
            throw new IllegalArgumentException("score must be in the range [0, 100], was " + score);
        }
        reasons = List.copyOf(reasons);
    }
}
