package dev.riskgate.decision;

import java.util.List;

/**
 * The answer to a score request, exactly as it goes over the wire and as it is stored for retries.
 * {@code staged}: what log-only rules ({@code @mode("log")}) would have added. They are not part of the
 * answer (not in its reasons, score or verdict, not in its JSON, not stored): the decision log, metrics,
 * replay and scenario files see them, so a rule can be watched on live traffic before it counts.
 */
public record Decision(String eventId, Verdict decision, int score, List<Reason> reasons, String rulesVersion,
                       List<Reason> staged) {
    public Decision {
        if (score < 0 || score > 100) {
            throw new IllegalArgumentException("score must be in the range [0, 100], was " + score);
        }
        reasons = List.copyOf(reasons);
        staged = staged == null ? List.of() : List.copyOf(staged);
    }

    public Decision(String eventId, Verdict decision, int score, List<Reason> reasons, String rulesVersion) {
        this(eventId, decision, score, reasons, rulesVersion, List.of());
    }
}
