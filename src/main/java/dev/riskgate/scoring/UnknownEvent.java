package dev.riskgate.scoring;

/** No stored decision for the eventId: never scored, or older than the decisions are kept. */
public final class UnknownEvent extends RuntimeException {
    public UnknownEvent(String eventId) {
        super("no decision is stored for eventId '" + eventId + "'");
    }
}
