package dev.riskgate.scoring;

/** An eventId that was already scored arrived with a different body: not a retry, so not answered. */
public final class EventIdConflict extends RuntimeException {
    public EventIdConflict(String eventId) {
        super("eventId '" + eventId + "' was already used for a different request");
    }
}
