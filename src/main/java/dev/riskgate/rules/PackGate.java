package dev.riskgate.rules;

import java.util.List;

/**
 * A last check a compiled candidate pack must pass before it may serve, after the DRL policy and the
 * probe: what it returns rejects the candidate exactly like a compile error, and the old pack keeps
 * serving. The scenario files are one; the rules package cannot run them itself (they run the whole
 * scoring pipeline), so the service passes the gate in.
 */
@FunctionalInterface
public interface PackGate {

    /** No check beyond compiling: for the shadow pack, and when the operator turned the cases off. */
    PackGate NONE = candidate -> List.of();

    /** Why {@code candidate} may not serve; empty when it may. Must not close the candidate. */
    List<CompileError> check(RulePack candidate);

    /**
     * A hash of what {@link #check} reads besides the pack (the scenario files), or "" when nothing: when
     * it changes, the serving pack is checked again, so an edited case applies without a pack edit.
     */
    default String fingerprint() {
        return "";
    }
}
