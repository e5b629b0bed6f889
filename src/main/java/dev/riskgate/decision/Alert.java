package dev.riskgate.decision;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What a decision tells the account holder: an alert of a named {@code kind} (declared in the pack's
 * {@code alerts.kinds}), raised by {@code rule} with a message the owner reads. Alerts never change a
 * score or a verdict; they ride on the decision to whoever delivers them.
 */
public record Alert(String kind, String rule, String message) {

    /** Kinds are names, not free text: they route alerts to endpoints and are switched off by name. */
    public static final Pattern KIND = Pattern.compile("[a-z][a-z0-9-]{0,63}");

    public Alert {
        if (kind == null || !KIND.matcher(kind).matches()) {
            throw new IllegalArgumentException("an alert kind is 1 to 64 of lower case letters, digits and '-', "
                    + "starting with a letter, was '" + kind + "'");
        }
        Objects.requireNonNull(rule, "rule");
        message = message == null ? "" : message;
    }
}
