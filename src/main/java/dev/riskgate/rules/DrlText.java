package dev.riskgate.rules;

import dev.riskgate.rules.facts.FactTypes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a pack's DRL text says line by line, for the checks Drools does not make and for placing its
 * errors: which rule a line belongs to, where a rule starts, and mistakes that compile but never match.
 */
final class DrlText {

    private static final Pattern RULE_START = Pattern.compile("^\\s*rule\\s+\"([^\"]+)\"");
    private static final Pattern PARAM_USE = Pattern.compile("params\\.get\\(\\s*\"([^\"]+)\"\\s*\\)");
    private static final Pattern TEXT_COMPARISON = Pattern.compile("\\b(\\w+)\\s*[!=]=\\s*\"([^\"]*)\"");
    private static final Pattern QUOTED_EXPRESSION = Pattern.compile("Unable to Analyse Expression (.+?):\\s*\\[", Pattern.DOTALL);
    /** Fact fields typed by an enum, by name: {@code scope} is a Scope, {@code goods} a Goods. */
    private static final Map<String, Class<?>> ENUM_FIELDS = enumFields();

    /** One line of a DRL file with the rule it belongs to (null before the first rule). */
    private interface LineCheck {
        void check(int lineNo, String rule, String line);
    }

    private DrlText() {
    }

    /** Every {@code params.get("...")} a DRL file makes must name a parameter the pack defines. */
    static void checkParameterUses(Path dir, Path drl, Parameters params, List<CompileError> errors) {
        forEachLine(drl, (lineNo, rule, line) -> {
            Matcher use = PARAM_USE.matcher(line);
            while (use.find()) {
                if (!params.has(use.group(1))) {
                    errors.add(new CompileError(dir.relativize(drl).toString(), lineNo, rule,
                            "unknown parameter '" + use.group(1) + "' (not in " + Parameters.FILE + ")"));
                }
            }
        });
    }

    /**
     * A field typed by an enum ({@code scope}, {@code goods}) compared with text compiles, and then never
     * matches: {@code scope == "acount"} would silently switch a rule off. Refused with file and line.
     */
    static void checkEnumComparisons(Path dir, Path drl, List<CompileError> errors) {
        forEachLine(drl, (lineNo, rule, line) -> {
            Matcher m = TEXT_COMPARISON.matcher(line);
            while (m.find()) {
                Class<?> type = ENUM_FIELDS.get(m.group(1));
                if (type != null) {
                    String name = type.getSimpleName();
                    errors.add(new CompileError(dir.relativize(drl).toString(), lineNo, rule,
                            m.group(1) + " is a " + name + ", not text: write " + name + "." + type.getEnumConstants()[0]
                                    + " (one of " + Arrays.toString(type.getEnumConstants()) + "), not \"" + m.group(2) + "\""));
                }
            }
        });
    }

    /**
     * Some Drools errors (an unknown enum constant, say) carry no line; the expression they quote does,
     * when it appears on exactly one line of the file.
     */
    static Integer lineQuoted(Path drl, String message) {
        Matcher quoted = QUOTED_EXPRESSION.matcher(message);
        if (!quoted.find() || !Files.isRegularFile(drl)) {
            return null;
        }
        String expression = quoted.group(1).trim();
        List<String> lines = lines(drl);
        Integer found = null;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(expression)) {
                if (found != null) {
                    return null;
                }
                found = i + 1;
            }
        }
        return found;
    }

    /** The rule a line of the file belongs to, or null. */
    static String ruleAt(Path drl, int line) {
        if (!Files.isRegularFile(drl)) {
            return null;
        }
        String[] rule = {null};
        forEachLine(drl, (lineNo, current, text) -> {
            if (lineNo == line) {
                rule[0] = current;
            }
        });
        return rule[0];
    }

    /** The line a rule starts on, or null. */
    static Integer lineOf(Path drl, String ruleName) {
        Integer[] found = {null};
        forEachLine(drl, (lineNo, rule, line) -> {
            if (found[0] == null && ruleName.equals(rule) && RULE_START.matcher(line).find()) {
                found[0] = lineNo;
            }
        });
        return found[0];
    }

    /** The file a rule is in, or null. */
    static Path fileOf(List<Path> drlFiles, String ruleName) {
        for (Path drl : drlFiles) {
            if (lineOf(drl, ruleName) != null) {
                return drl;
            }
        }
        return null;
    }

    private static void forEachLine(Path drl, LineCheck check) {
        List<String> lines = lines(drl);
        String rule = null;
        for (int i = 0; i < lines.size(); i++) {
            Matcher start = RULE_START.matcher(lines.get(i));
            if (start.find()) {
                rule = start.group(1);
            }
            check.check(i + 1, rule, lines.get(i));
        }
    }

    private static Map<String, Class<?>> enumFields() {
        Map<String, Class<?>> fields = new HashMap<>();
        for (Class<? extends Record> type : FactTypes.ALL) {
            for (RecordComponent c : type.getRecordComponents()) {
                if (c.getType().isEnum()) {
                    fields.put(c.getName(), c.getType());
                }
            }
        }
        return Map.copyOf(fields);
    }

    private static List<String> lines(Path p) {
        try {
            return Files.readAllLines(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
