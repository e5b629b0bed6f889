package dev.riskgate.rules;

import dev.riskgate.rules.facts.FactTypes;
import java.lang.reflect.RecordComponent;
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
    private static final Pattern POINTS = Pattern.compile("score\\.add\\(\\s*(-?)\\s*(?:params\\.get\\(\\s*\"([^\"]+)\"\\s*\\)|([0-9][0-9.]*))?");
    private static final Pattern PARAM_USE = Pattern.compile("params\\.get\\(\\s*\"([^\"]+)\"\\s*\\)");
    private static final Pattern ALERT_RAISE = Pattern.compile("\\balert\\.raise\\(\\s*(\"([^\"]*)\")?");
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
    static void checkParameterUses(String file, String text, Parameters params, List<CompileError> errors) {
        forEachLine(text, (lineNo, rule, line) -> {
            Matcher use = PARAM_USE.matcher(line);
            while (use.find()) {
                if (!params.defined(use.group(1))) {
                    errors.add(new CompileError(file, lineNo, rule,
                            "unknown parameter '" + use.group(1) + "' (not in " + Parameters.FILE + ")"));
                }
            }
        });
    }

    /**
     * Every {@code alert.raise(...)} names its kind as a quoted word the pack declares in
     * {@code alerts.kinds}: a kind computed at run time could not be checked, switched off or routed.
     */
    static void checkAlertKinds(String file, String text, AlertKinds kinds, List<CompileError> errors) {
        forEachLine(text, (lineNo, rule, line) -> {
            Matcher raise = ALERT_RAISE.matcher(line);
            while (raise.find()) {
                if (raise.group(2) == null) {
                    errors.add(new CompileError(file, lineNo, rule, "alert.raise names its kind as a quoted word, "
                            + "like alert.raise(\"unfamiliar-device-top-up\", message)"));
                } else if (!kinds.declares(raise.group(2))) {
                    errors.add(new CompileError(file, lineNo, rule, "alert kind '" + raise.group(2) + "' is not declared in "
                            + AlertKinds.KINDS + " (" + Parameters.FILE + "); declared: " + kinds.declared()));
                }
            }
        });
    }

    /** Every parameter a DRL text reads with {@code params.get("...")}. */
    static java.util.Set<String> parameterUses(String text) {
        java.util.Set<String> used = new java.util.HashSet<>();
        Matcher use = PARAM_USE.matcher(text);
        while (use.find()) {
            used.add(use.group(1));
        }
        return used;
    }

    /**
     * Points a rule gives that are negative as written (a negative number, a parameter set below zero, a
     * minus sign in front): only a family with a {@code floor.<family>} may take points off.
     */
    static void checkNegativePoints(String file, String text, Parameters params, Map<String, String> familyOf,
                                    Map<String, Double> floors, List<CompileError> errors) {
        forEachLine(text, (lineNo, rule, line) -> {
            Matcher add = POINTS.matcher(line);
            while (add.find()) {
                String family = familyOf.get(rule);
                double sign = add.group(1).isEmpty() ? 1 : -1;
                double value = add.group(2) != null && params.has(add.group(2)) ? sign * params.get(add.group(2))
                        : add.group(3) != null ? sign * Double.parseDouble(add.group(3)) : sign;
                if (value < 0 && family != null && !floors.containsKey(family)) {
                    errors.add(new CompileError(file, lineNo, rule, "gives negative points (" + add.group().strip()
                            + "...) but family " + family + " declares no floor: add floor." + family
                            + " = -N to " + Parameters.FILE + " to let it take up to N points off"));
                }
            }
        });
    }

    /**
     * A field typed by an enum ({@code scope}, {@code goods}) compared with text compiles, and then never
     * matches: {@code scope == "acount"} would silently switch a rule off. Refused with file and line.
     */
    static void checkEnumComparisons(String file, String text, List<CompileError> errors) {
        forEachLine(text, (lineNo, rule, line) -> {
            Matcher m = TEXT_COMPARISON.matcher(line);
            while (m.find()) {
                Class<?> type = ENUM_FIELDS.get(m.group(1));
                if (type != null) {
                    String name = type.getSimpleName();
                    errors.add(new CompileError(file, lineNo, rule,
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
    static Integer lineQuoted(String text, String message) {
        Matcher quoted = QUOTED_EXPRESSION.matcher(message);
        if (!quoted.find()) {
            return null;
        }
        String expression = quoted.group(1).trim();
        List<String> lines = text.lines().toList();
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
    static String ruleAt(String text, int line) {
        String[] rule = {null};
        forEachLine(text, (lineNo, current, lineText) -> {
            if (lineNo == line) {
                rule[0] = current;
            }
        });
        return rule[0];
    }

    /** The line a rule starts on, or null. */
    static Integer lineOf(String text, String ruleName) {
        Integer[] found = {null};
        forEachLine(text, (lineNo, rule, line) -> {
            if (found[0] == null && ruleName.equals(rule) && RULE_START.matcher(line).find()) {
                found[0] = lineNo;
            }
        });
        return found[0];
    }

    /** The file a rule is in, or null. */
    static Path fileOf(Map<Path, String> drlFiles, String ruleName) {
        for (Map.Entry<Path, String> drl : drlFiles.entrySet()) {
            if (lineOf(drl.getValue(), ruleName) != null) {
                return drl.getKey();
            }
        }
        return null;
    }

    private static void forEachLine(String text, LineCheck check) {
        List<String> lines = text.lines().toList();
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
}
