package dev.riskgate.state;

import dev.riskgate.event.EventAge;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * How long a decided event is remembered, in two windows counted from its decision:
 * <ul>
 *   <li>the <b>idempotency window</b> ({@value #IDEMPOTENCY_SETTING}, default 3 days): a retry gets the
 *       stored answer byte for byte. Gateways retry a timed-out call within seconds to minutes, and a
 *       store-and-forward queue replays what an outage held back within hours; three days also covers an
 *       outage over a weekend;</li>
 *   <li>the <b>feedback window</b> ({@value #FEEDBACK_SETTING}, default 180 days): STEP_UP results, FRAUD
 *       and LEGIT still reach the event. Card chargebacks arrive up to 120 days after the payment, and
 *       their processing adds weeks.</li>
 * </ul>
 * Between the two a store keeps only the {@link DecisionRecord#compact() compact record}: a retry can no
 * longer get the answer (the service says 410 {@code answer_expired}, naming the verdict), but a retry is
 * still recognised as one, a reused eventId still as a conflict, and the event is never decided twice.
 */
public record AnswerWindows(Duration idempotency, Duration feedback) {

    public static final String IDEMPOTENCY_SETTING = "RISKGATE_IDEMPOTENCY_WINDOW";
    public static final String FEEDBACK_SETTING = "RISKGATE_FEEDBACK_WINDOW";
    public static final AnswerWindows DEFAULT = new AnswerWindows(Duration.ofDays(3), Duration.ofDays(180));

    public AnswerWindows {
        if (idempotency == null || idempotency.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException(IDEMPOTENCY_SETTING + " must be at least 1s, was " + idempotency);
        }
        if (feedback == null || feedback.compareTo(idempotency) < 0) {
            throw new IllegalArgumentException(FEEDBACK_SETTING + " must be at least " + IDEMPOTENCY_SETTING
                    + " (" + idempotency + "), was " + feedback);
        }
    }

    /** Reads both settings ({@code 72h}, {@code 3d}, {@code 180d}); unset ones take their defaults. */
    public static AnswerWindows from(Map<String, String> env) {
        return new AnswerWindows(
                EventAge.duration(IDEMPOTENCY_SETTING, env.get(IDEMPOTENCY_SETTING), DEFAULT.idempotency()),
                EventAge.duration(FEEDBACK_SETTING, env.get(FEEDBACK_SETTING), DEFAULT.feedback()));
    }

    /** Whether a record decided at {@code decidedAt} is past the idempotency window at {@code now}. */
    public boolean answerExpired(Instant decidedAt, long nowMillis) {
        return decidedAt.toEpochMilli() + idempotency.toMillis() <= nowMillis;
    }

    /** {@code record} as a store answers it at {@code nowMillis}: compact once the idempotency window has passed. */
    public DecisionRecord asOf(DecisionRecord record, long nowMillis) {
        return record == null || !record.answerKept() || !answerExpired(record.decidedAt(), nowMillis)
                ? record : record.compact();
    }
}
