package dev.riskgate.event;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;

/**
 * Typed reads of request fields that fail with a {@link BadRequest} naming the field. Public for the
 * server's other bodies (feedback), so every body is read with the same checks and messages.
 */
public final class JsonFields {

    public static final int MAX_ID_LENGTH = 128;

    private final JsonObject json;
    private final String prefix;

    public JsonFields(JsonObject json, String prefix) {
        this.json = json;
        this.prefix = prefix;
    }

    /** Absent and JSON null alike: a gateway that writes {@code "ip": null} has not sent an ip. */
    boolean absent(String field) {
        return json.getValue(field) == null;
    }

    String path(String field) {
        return prefix + field;
    }

    public String requiredId(String field) {
        String v = optionalString(field, MAX_ID_LENGTH);
        if (v == null) {
            throw missing(field);
        }
        return v;
    }

    String optionalId(String field) {
        return optionalString(field, MAX_ID_LENGTH);
    }

    public String requiredString(String field, int maxLength) {
        String v = optionalString(field, maxLength);
        if (v == null) {
            throw missing(field);
        }
        return v;
    }

    String optionalString(String field, int maxLength) {
        Object v = json.getValue(field);
        if (v == null) {
            return null;
        }
        if (!(v instanceof String s)) {
            throw new BadRequest(path(field), "wrong_type", path(field) + " must be a string");
        }
        if (s.isBlank()) {
            throw new BadRequest(path(field), "out_of_range", path(field) + " must not be empty");
        }
        if (s.length() > maxLength) {
            throw new BadRequest(path(field), "too_long", path(field) + " must be at most " + maxLength + " characters");
        }
        String bad = badCharacter(s);
        if (bad != null) {
            throw new BadRequest(path(field), "bad_characters", path(field) + " must not contain " + bad);
        }
        return s;
    }

    /**
     * What makes a string unfit to be stored and shown, or null. Lone surrogates would be stored as '?', so
     * two different ids would become one; control, format (bidi overrides, zero-width) and line separator
     * characters let a value display as something it is not in the analyst's tools and logs.
     */
    static String badCharacter(String s) {
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            switch (Character.getType(cp)) {
                case Character.SURROGATE:
                    return "unpaired surrogates (it must be valid Unicode)";
                case Character.CONTROL:
                    return "control characters";
                case Character.FORMAT, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR:
                    return String.format("invisible formatting characters such as bidi controls (found U+%04X)", cp);
                default:
                    i += Character.charCount(cp);
            }
        }
        return null;
    }

    BigDecimal requiredNumber(String field) {
        Object v = json.getValue(field);
        if (v == null) {
            throw missing(field);
        }
        if (!(v instanceof Number n)) {
            throw new BadRequest(path(field), "wrong_type", path(field) + " must be a number");
        }
        if (n instanceof Double d && !Double.isFinite(d)) {
            throw new BadRequest(path(field), "out_of_range", path(field) + " must be a finite number");
        }
        return n instanceof BigDecimal b ? b : new BigDecimal(n.toString());
    }

    long requiredInteger(String field) {
        Object v = json.getValue(field);
        if (v == null) {
            throw missing(field);
        }
        if (!(v instanceof Integer || v instanceof Long)) {
            throw new BadRequest(path(field), "wrong_type", path(field) + " must be a whole number");
        }
        return ((Number) v).longValue();
    }

    JsonArray optionalArray(String field) {
        Object v = json.getValue(field);
        if (v == null) {
            return null;
        }
        if (!(v instanceof JsonArray a)) {
            throw new BadRequest(path(field), "wrong_type", path(field) + " must be an array");
        }
        return a;
    }

    BadRequest missing(String field) {
        return new BadRequest(path(field), "missing", path(field) + " is required");
    }
}
