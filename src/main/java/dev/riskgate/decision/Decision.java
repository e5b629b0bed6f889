package dev.riskgate.decision;

import java.util.List;

/**
 * The answer to a score request, exactly as it goes over the wire and as it is stored for retries.
 * {@code staged}: what log-only rules ({@code @mode("log")}) would have added. They are not part of the
 * answer (not in its reasons, score or verdict, not in its JSON, not stored): the decision log, metrics,
 * replay and scenario files see them, so a rule can be watched on live traffic before it counts.
 * {@code alerts}: what the account holder is told ({@link Alert}). Like {@code staged}, not part of the
 * answer's JSON nor of the stored answer: a retry gets the stored answer and raises nothing again.
 */
public record Decision(String eventId, Verdict decision, int score, List<Reason> reasons, String rulesVersion,
                       List<Reason> staged, List<Alert> alerts) {
    public Decision {
        if (score < 0 || score > 100) {
            throw new IllegalArgumentException("score must be in the range [0, 100], was " + score);
        }
        reasons = List.copyOf(reasons);
        staged = staged == null ? List.of() : List.copyOf(staged);
        alerts = alerts == null ? List.of() : List.copyOf(alerts);
    }

    public Decision(String eventId, Verdict decision, int score, List<Reason> reasons, String rulesVersion,
                    List<Reason> staged) {
        this(eventId, decision, score, reasons, rulesVersion, staged, List.of());
    }

    public Decision(String eventId, Verdict decision, int score, List<Reason> reasons, String rulesVersion) {
        this(eventId, decision, score, reasons, rulesVersion, List.of());
    }

    /** The answer as stored for retries: a retry is told the answer again, the holder is not told twice. */
    public Decision withoutAlerts() {
        return alerts.isEmpty() ? this : new Decision(eventId, decision, score, reasons, rulesVersion, staged, List.of());
    }
}
