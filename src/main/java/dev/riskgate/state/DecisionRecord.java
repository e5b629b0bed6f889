package dev.riskgate.state;

import dev.riskgate.decision.Decision;
import dev.riskgate.decision.FeedbackOutcome;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * A stored answer, kept for retries, reconciliation and feedback. {@code requestHash} identifies the
 * request body so a reused eventId with different content is caught instead of silently answered.
 * {@code feedback} lists every outcome reported, in arrival order.
 *
 * <p>{@code answerKept} is false for the <em>compact</em> form a store keeps once the idempotency window
 * has passed ({@link AnswerWindows}): what feedback and conflict checks need (the verdict, the keys, when,
 * a shortened request hash, the feedback), without the answer's score, reasons and pack version, which
 * read as 0, none and "".
 */
public record DecisionRecord(
        Decision answer,
        String requestHash,
        String accountId,
        String deviceId,
        String storeId,
        Instant decidedAt,
        List<FeedbackOutcome> feedback,
        boolean answerKept) {

    /** How many hex characters of the request hash a compact record keeps (64 bits). */
    public static final int COMPACT_HASH_CHARS = 16;

    public DecisionRecord {
        feedback = feedback == null ? List.of() : List.copyOf(feedback);
    }

    /** A whole record: the answer as it was sent. */
    public DecisionRecord(Decision answer, String requestHash, String accountId, String deviceId, String storeId,
                          Instant decidedAt, List<FeedbackOutcome> feedback) {
        this(answer, requestHash, accountId, deviceId, storeId, decidedAt, feedback, true);
    }

    public String eventId() {
        return answer.eventId();
    }

    public DecisionRecord withFeedback(FeedbackOutcome outcome) {
        List<FeedbackOutcome> next = new java.util.ArrayList<>(feedback);
        next.add(outcome);
        return new DecisionRecord(answer, requestHash, accountId, deviceId, storeId, decidedAt, next, answerKept);
    }

    /**
     * What is kept past the idempotency window: the verdict without score, reasons or pack version, the
     * first {@link #COMPACT_HASH_CHARS} characters of the request hash, the decision time to the second.
     */
    public DecisionRecord compact() {
        if (!answerKept) {
            return this;
        }
        String hash = requestHash.length() > COMPACT_HASH_CHARS ? requestHash.substring(0, COMPACT_HASH_CHARS) : requestHash;
        return new DecisionRecord(new Decision(eventId(), answer.decision(), 0, List.of(), ""), hash, accountId,
                deviceId, storeId, decidedAt.truncatedTo(ChronoUnit.SECONDS), feedback, false);
    }

    /** Whether {@code hash} is the request this record answered (a compact record compares its prefix). */
    public boolean answers(String hash) {
        return answerKept ? requestHash.equals(hash)
                : hash.length() > COMPACT_HASH_CHARS ? hash.startsWith(requestHash) : hash.equals(requestHash);
    }
}
