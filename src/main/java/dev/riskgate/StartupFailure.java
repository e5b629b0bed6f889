package dev.riskgate;

/**
 * riskgate cannot start for a reason the operator can fix (a busy port, a missing directory, a data
 * directory in use); the message says what and which setting to change, and no stack trace is needed.
 */
public final class StartupFailure extends RuntimeException {
    public StartupFailure(String message) {
        super(message);
    }
}
