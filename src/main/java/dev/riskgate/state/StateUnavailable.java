package dev.riskgate.state;

/**
 * The store could not be read or written (disk, database, network). Nothing was changed; the same
 * request may succeed when retried, which is what the HTTP layer's 503 tells the gateway.
 */
public final class StateUnavailable extends RuntimeException {
    public StateUnavailable(String message, Throwable cause) {
        super(message, cause);
    }
}
