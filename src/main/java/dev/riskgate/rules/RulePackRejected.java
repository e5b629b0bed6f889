package dev.riskgate.rules;

import java.util.List;

/** A pack that does not compile or whose data files are invalid. */
public final class RulePackRejected extends Exception {

    private final List<CompileError> errors;

    public RulePackRejected(List<CompileError> errors) {
        super(errors.size() + " error(s) in the rule pack:\n  "
                + String.join("\n  ", errors.stream().map(CompileError::toString).toList()));
        this.errors = List.copyOf(errors);
    }

    public List<CompileError> errors() {
        return errors;
    }
}
