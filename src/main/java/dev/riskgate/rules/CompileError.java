package dev.riskgate.rules;

/**
 * Why a pack was rejected: the file (relative to the rules directory), the line and the rule where
 * known (null otherwise), and the message.
 */
public record CompileError(String file, Integer line, String rule, String message) {

    @Override
    public String toString() {
        return file + (line == null ? "" : ":" + line) + (rule == null ? "" : " [rule \"" + rule + "\"]") + ": " + message;
    }
}
