package dev.riskgate.scoring;

import dev.riskgate.decision.Decision;
import dev.riskgate.decision.DecisionJson;
import dev.riskgate.decision.DegradedReason;
import dev.riskgate.event.ScoreRequest;
import java.util.List;
import java.util.Objects;

/**
 * One score request's decision as every reader takes it (docs/decision-record.md): the HTTP answer, the
 * decision log, the shadow pack, and later account-holder alerts and the analyst console. Built once per
 * answered request, with the answer's JSON written once in {@link #answer()}: the HTTP response sends those
 * characters and the decision log line embeds them, so the two can never disagree.
 *
 * @param event          the request as validated (the log leaves its personal fields out when it redacts)
 * @param scored         the decision, how it was reached (replayed, read/evaluate/write times) and the
 *                       snapshot the rules saw; for a degraded answer, the fail decision with zero times
 * @param degradedReason why the fail decision was sent instead of a decision of the rules, or null
 * @param answer         the decision's wire form, exactly as sent
 */
public record DecisionEnvelope(ScoreRequest event, Scored scored, DegradedReason degradedReason, String answer) {

    public DecisionEnvelope {
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(scored, "scored");
        Objects.requireNonNull(answer, "answer");
    }

    /** A decision of the rules, or the stored answer to a retry. */
    public static DecisionEnvelope decided(ScoreRequest event, Scored scored) {
        return new DecisionEnvelope(event, scored, null, DecisionJson.of(scored.decision()));
    }

    /** The fail decision {@code answer}, sent for {@code reason}; nothing was recorded as history. */
    public static DecisionEnvelope degraded(ScoreRequest event, Decision answer, DegradedReason reason) {
        Scored scored = new Scored(answer, false, event.type(), 0, 0, 0, null, List.of());
        return new DecisionEnvelope(event, scored, Objects.requireNonNull(reason, "reason"),
                DecisionJson.degraded(answer, reason));
    }

    public Decision decision() {
        return scored.decision();
    }

    public boolean degraded() {
        return degradedReason != null;
    }

    /** Time spent reading state, evaluating and writing state; zero for a degraded answer. */
    public long workNanos() {
        return scored.readNanos() + scored.evalNanos() + scored.writeNanos();
    }
}
