package dev.riskgate.event;

/** Input the API refuses: {@code field} names the offending field (null when the body as a whole is wrong). */
public final class BadRequest extends RuntimeException {

    private final String field;
    private final String reason;

    public BadRequest(String field, String reason, String message) {
        super(message, null, false, false);
        this.field = field;
        this.reason = reason;
    }

    public String field() {
        return field;
    }

    /** A bounded label for metrics: missing, wrong_type, out_of_range, malformed_json, ... */
    public String reason() {
        return reason;
    }
}
