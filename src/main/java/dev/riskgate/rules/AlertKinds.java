package dev.riskgate.rules;

import dev.riskgate.decision.Alert;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The alert kinds a pack declares ({@code alerts.kinds} in {@value Parameters#FILE}) and those a
 * deployment switched off ({@code alerts.off}). A rule may raise only a declared kind, a scenario may
 * expect only one, and a kind switched off is dropped where it is raised. {@value #STEP_UP} and
 * {@value #BLOCK} are raised by the service on the verdict (rules add points, they do not see the
 * verdict), when the pack declares them.
 */
public record AlertKinds(Set<String> declared, Set<String> off) {

    static final String KINDS = "alerts.kinds";
    static final String OFF = "alerts.off";
    /** Raised on every STEP_UP when declared. */
    public static final String STEP_UP = "step-up";
    /** Raised on every BLOCK when declared. */
    public static final String BLOCK = "block";

    public static final AlertKinds NONE = new AlertKinds(Set.of(), Set.of());

    public AlertKinds {
        declared = Collections.unmodifiableSet(new TreeSet<>(declared));
        off = Collections.unmodifiableSet(new TreeSet<>(off));
    }

    /** Whether rules may raise {@code kind} and scenarios expect it. */
    public boolean declares(String kind) {
        return declared.contains(kind);
    }

    /** Whether an alert of {@code kind} is raised in this deployment: declared and not switched off. */
    public boolean raises(String kind) {
        return declared.contains(kind) && !off.contains(kind);
    }

    static AlertKinds load(Parameters params, List<CompileError> errors) {
        Set<String> declared = names(params, KINDS, errors);
        Set<String> off = names(params, OFF, errors);
        for (String kind : off) {
            if (!declared.contains(kind)) {
                errors.add(params.error(OFF, "alerts.off names '" + kind + "', which " + KINDS + " does not declare; "
                        + "declared kinds: " + declared));
            }
        }
        return new AlertKinds(declared, off);
    }

    private static Set<String> names(Parameters params, String key, List<CompileError> errors) {
        String text = params.text(key);
        Set<String> names = new TreeSet<>();
        if (text == null || text.isBlank()) {
            return names;
        }
        List<String> twice = new ArrayList<>();
        for (String raw : text.split(",", -1)) {
            String name = raw.trim();
            if (!Alert.KIND.matcher(name).matches()) {
                errors.add(params.error(key, key + " lists '" + name + "': an alert kind is lower case letters, "
                        + "digits and '-', starting with a letter, like unfamiliar-device-top-up"));
            } else if (!names.add(name)) {
                twice.add(name);
            }
        }
        twice.forEach(name -> errors.add(params.error(key, key + " lists '" + name + "' twice")));
        return names;
    }
}
