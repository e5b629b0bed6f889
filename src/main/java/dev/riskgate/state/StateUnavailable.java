package dev.riskgate.state;

/**
 * The store could not be read or written (disk, database, network). Nothing was changed (except on a
 * remote store whose reply was lost after it ran a commit: a retry then finds that commit); the same
 * request may succeed when retried. A score request is answered the fail decision, feedback and lookups 503.
 */
public final class StateUnavailable extends RuntimeException {
    public StateUnavailable(String message, Throwable cause) {
        super(message, cause);
    }
}
