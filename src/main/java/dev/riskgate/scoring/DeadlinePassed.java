package dev.riskgate.scoring;

/**
 * The deadline answered a score request before its work could commit ({@link AnswerClaim}): the work
 * stopped without changing anything. Not an error; the gateway already has the fail decision.
 */
public final class DeadlinePassed extends RuntimeException {
    public DeadlinePassed(String eventId) {
        super("the deadline answered event '" + eventId + "' first; nothing was recorded", null, false, false);
    }
}
