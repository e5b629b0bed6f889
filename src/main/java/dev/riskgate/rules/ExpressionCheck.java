package dev.riskgate.rules;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks the code inside a DRL file (a constraint, an eval, an accumulate argument, a consequence)
 * against the {@link DrlAllowList} by type, not by name. Every chain ({@code a.b().c}) starts from
 * something whose type is known (a binding, a field of the fact the pattern matches, a global, an allowed
 * type, a string literal, a declared local), and each link is resolved on that type: it must be a method or
 * field the allow-list grants on it, and its result type becomes the next link's receiver. A member of a
 * value whose type cannot be told (a parenthesised expression, an expression binding, {@code var}) is
 * refused, so no chain can walk from an allowed value to a {@code Class}, a URL or a file, whatever the
 * methods are called. String literals and comments are skipped, so names in a message are not code.
 */
final class ExpressionCheck {

    /** A name that broke the policy: its line within the checked text (0-based) and why. */
    record Finding(int line, String message) {
    }

    /**
     * What one piece of code may name besides the allow-list: the rule's bindings with their types
     * ({@link #UNKNOWN} for a value of no known type) and, inside a pattern, the fact type it constrains,
     * whose fields are named unqualified (null elsewhere).
     */
    record Names(Map<String, Class<?>> bindings, Class<?> pattern) {
        static Names none() {
            return new Names(Map.of(), null);
        }
    }

    /** The type of a value the check cannot name: usable as an operand or argument, never as a receiver. */
    static final Class<?> UNKNOWN = Unknown.class;

    private static final class Unknown {
    }

    private enum Kind { NAME, TEXT, NUMBER, SYMBOL }

    private record Token(String text, Kind kind, int line) {
        boolean is(String s) {
            return kind != Kind.TEXT && text.equals(s);
        }
    }

    private static final Set<String> KEYWORDS = Set.of("true", "false", "null", "instanceof",
            // constraint operators
            "memberOf", "contains", "excludes", "soundslike", "str", "in", "not",
            // statements a consequence may use
            "if", "else", "return", "final", "switch", "case", "default", "break");
    /** Names that reach the JVM or the engine; the message says what they would give a rule. */
    private static final Map<String, String> FORBIDDEN_ROOTS = Map.ofEntries(
            Map.entry("System", "can exit the service and read its environment"),
            Map.entry("Runtime", "can run programs as the service"),
            Map.entry("ProcessBuilder", "can run programs as the service"),
            Map.entry("Thread", "can start or stall threads in the service"),
            Map.entry("Class", "is reflection"),
            Map.entry("ClassLoader", "is reflection"),
            Map.entry("insert", "changes working memory; rules only add to the score"),
            Map.entry("insertLogical", "changes working memory; rules only add to the score"),
            Map.entry("update", "changes working memory; rules only add to the score"),
            Map.entry("modify", "changes working memory; rules only add to the score"),
            Map.entry("delete", "changes working memory; rules only add to the score"),
            Map.entry("retract", "changes working memory; rules only add to the score"),
            Map.entry("for", "loops are not allowed: a loop that never ends would stall scoring"),
            Map.entry("foreach", "loops are not allowed: a loop that never ends would stall scoring"),
            Map.entry("while", "loops are not allowed: a loop that never ends would stall scoring"),
            Map.entry("until", "loops are not allowed: a loop that never ends would stall scoring"),
            Map.entry("do", "loops are not allowed: a loop that never ends would stall scoring"),
            Map.entry("matches", "is a backtracking regular expression, which can take exponential time on one "
                    + "input: compare with ==, str[startsWith], str[endsWith], contains or a categories.csv entry"));
    private static final List<String> RULE_NAME = List.of(".", "getRule", "(", ")", ".", "getName", "(", ")");
    /** A format specifier: its width and precision bound the text it makes. */
    private static final Pattern FORMAT_SPEC = Pattern.compile("%(\\d+\\$)?[-#+ 0,(<]*(\\d+)?(\\.(\\d+))?[a-zA-Z%]");
    static final int MAX_FORMAT_WIDTH = 64;
    static final int MAX_FORMAT_PRECISION = 20;

    private final DrlAllowList allow;
    private final Names names;
    private final List<Token> tokens;
    private final Map<String, Class<?>> locals = new HashMap<>();
    private final List<Finding> findings = new ArrayList<>();

    private ExpressionCheck(DrlAllowList allow, Names names, List<Token> tokens) {
        this.allow = allow;
        this.names = names;
        this.tokens = tokens;
    }

    static List<Finding> check(String code, DrlAllowList allow, Names names) {
        ExpressionCheck check = new ExpressionCheck(allow, names, tokenize(code));
        check.scan(0, check.tokens.size());
        return check.findings;
    }

    /** The type of the value {@code code} names when it is one plain chain ({@code amount}, {@code $e.amount}). */
    static Class<?> typeOf(String code, DrlAllowList allow, Names names) {
        ExpressionCheck check = new ExpressionCheck(allow, names, tokenize(code));
        if (check.tokens.isEmpty() || check.tokens.get(0).kind() != Kind.NAME) {
            return UNKNOWN;
        }
        Class<?>[] type = {UNKNOWN};
        int end = check.root(0, check.tokens.size(), type);
        return end == check.tokens.size() && check.findings.isEmpty() ? type[0] : UNKNOWN;
    }

    /** Checks the tokens in [from, to). */
    private void scan(int from, int to) {
        int i = from;
        while (i < to) {
            Token t = tokens.get(i);
            if (t.kind() == Kind.TEXT) {
                i = chain(i + 1, to, String.class, false, new Class<?>[1]);
            } else if (t.kind() == Kind.NAME) {
                boolean member = i > from && (tokens.get(i - 1).is(".")
                        || (tokens.get(i - 1).is("?") && i - 1 > from && tokens.get(i - 2).is(".")));
                if (member) {
                    find(t, "cannot tell the type of the value before '." + t.text() + "': call methods on a binding, "
                            + "a fact field, params or an allowed type, not on a parenthesised expression");
                    i++;
                } else {
                    i = root(i, to, new Class<?>[1]);
                }
            } else if (t.is("[")) {
                if (i > 0 && tokens.get(i - 1).is("str")) {
                    i = skipTo(i, to, "]");
                } else {
                    find(t, "'[' (arrays, indexes, inline lists, temporal windows) is not used by riskgate rules");
                    i++;
                }
            } else if (t.is("-") && i + 1 < to && tokens.get(i + 1).is(">")) {
                find(t, "lambdas are not allowed in rules");
                i += 2;
            } else if (t.is(":") && i + 1 < to && tokens.get(i + 1).is(":")) {
                find(t, "method references are not allowed in rules");
                i += 2;
            } else if (t.is("\"\"\"")) {
                find(t, "text blocks (\"\"\") are not used by rules: Java and MVEL would read them differently");
                i++;
            } else if (t.is("@")) {
                find(t, "'@' (MVEL templates and interceptors) is not used by riskgate rules");
                i++;
            } else {
                i++;
            }
        }
    }

    /** Checks the chain whose first name is at {@code i}; returns the index after it, its type in {@code type[0]}. */
    private int root(int i, int to, Class<?>[] type) {
        Token t = tokens.get(i);
        String name = t.text();
        type[0] = UNKNOWN;
        if (FORBIDDEN_ROOTS.containsKey(name)) {
            find(t, "'" + name + "' " + FORBIDDEN_ROOTS.get(name));
            return i + 1;
        }
        if (KEYWORDS.contains(name)) {
            return i + 1;
        }
        if (name.equals("this")) {
            if (names.pattern() == null) {
                find(t, "'this' names the matched fact only inside a pattern");
                return i + 1;
            }
            return chain(i + 1, to, names.pattern(), false, type);
        }
        if (names.bindings().containsKey(name)) {
            return chain(i + 1, to, names.bindings().get(name), false, type);
        }
        if (locals.containsKey(name)) {
            return chain(i + 1, to, locals.get(name), false, type);
        }
        if (name.equals("drools") || name.equals("kcontext")) {
            boolean ruleName = i + RULE_NAME.size() < tokens.size()
                    && tokens.subList(i + 1, i + 1 + RULE_NAME.size()).stream().map(Token::text).toList().equals(RULE_NAME);
            if (!ruleName) {
                find(t, "'" + name + ".' reaches the engine; only " + name + ".getRule().getName() is allowed");
                return i + 1;
            }
            return chain(i + 1 + RULE_NAME.size(), to, String.class, false, type);
        }
        if (name.equals("new")) {
            return construct(i, to, type);
        }
        if (DrlAllowList.GLOBALS.containsKey(name)) {
            return chain(i + 1, to, DrlAllowList.GLOBALS.get(name), false, type);
        }
        String after = i + 1 < to ? tokens.get(i + 1).text() : "";
        if (names.pattern() != null && after.equals("(")) {
            return call(i, to, names.pattern(), false, type); // a method of the matched fact, unqualified
        }
        if (names.pattern() != null) {
            Optional<Class<?>> field = DrlAllowList.property(names.pattern(), name);
            if (field.isPresent()) {
                return chain(i + 1, to, field.get(), false, type);
            }
        }
        if (name.equals("var") && i + 1 < to && tokens.get(i + 1).kind() == Kind.NAME) {
            declare(tokens.get(i + 1), UNKNOWN);
            return i + 2;
        }
        Optional<Class<?>> named = allow.typeNamed(name);
        if (named.isPresent()) {
            if (after.equals(".")) {
                return chain(i + 1, to, named.get(), true, type);
            }
            if (i + 1 < to && tokens.get(i + 1).kind() == Kind.NAME && !KEYWORDS.contains(after)) {
                declare(tokens.get(i + 1), named.get()); // a declaration: String msg = ...
                return i + 2;
            }
            return i + 1; // a cast, or the right side of instanceof
        }
        if (after.equals(".") && Character.isLowerCase(name.charAt(0))) {
            return qualified(i, to, type);
        }
        find(t, "'" + name + "' is not a field of the matched fact, a binding, params, score, alert or an allowed type "
                + "(String, Math, java.time, boxed numbers, the imported facts)");
        return i + 1;
    }

    /** {@code java.time.Duration.ofHours(1)}: the shortest dotted prefix that is an allowed type, then its members. */
    private int qualified(int i, int to, Class<?>[] type) {
        StringBuilder name = new StringBuilder(tokens.get(i).text());
        int j = i;
        while (j + 2 < to && tokens.get(j + 1).is(".") && tokens.get(j + 2).kind() == Kind.NAME) {
            name.append('.').append(tokens.get(j + 2).text());
            j += 2;
            Optional<Class<?>> named = allow.qualifiedType(name.toString());
            if (named.isPresent()) {
                return chain(j + 1, to, named.get(), true, type);
            }
        }
        find(tokens.get(i), "fully-qualified name " + name + " is outside the allow-list "
                + "(facts, params, score, alert, String, Math, java.time, boxed numbers)");
        return j + 1;
    }

    private int construct(int i, int to, Class<?>[] type) {
        StringBuilder name = new StringBuilder();
        int j = i + 1;
        while (j < to && (tokens.get(j).kind() == Kind.NAME || tokens.get(j).is("."))) {
            name.append(tokens.get(j).text());
            j++;
        }
        Optional<Class<?>> named = allow.typeNamed(name.toString()).or(() -> allow.qualifiedType(name.toString()));
        if (named.isEmpty() || !DrlAllowList.isConstructible(named.get())) {
            find(tokens.get(i), "'new " + name + "': rules may create only Strings and boxed numbers");
            return j;
        }
        if (j >= to || !tokens.get(j).is("(")) {
            find(tokens.get(i), "'new " + name + "' without arguments in parentheses (arrays are not allowed)");
            return j;
        }
        int close = matching(j, to);
        scan(j + 1, close);
        return chain(close + 1, to, named.get(), false, type);
    }

    /**
     * Follows {@code .member} links from {@code j} on a receiver of {@code type} ({@code isStatic}: the type
     * itself, not a value of it). Returns the index after the chain, its type in {@code result[0]}.
     */
    private int chain(int j, int to, Class<?> type, boolean isStatic, Class<?>[] result) {
        int links = 0;
        while (j + 1 < to) {
            // a.b, and MVEL's null-safe a!.b and a.?b
            int dot = tokens.get(j).is(".") ? j : tokens.get(j).is("!") && tokens.get(j + 1).is(".") ? j + 1 : -1;
            if (dot >= 0 && dot + 2 < to && tokens.get(dot + 1).is("?")) {
                dot++;
            }
            if (dot < 0 || dot + 1 >= to || tokens.get(dot + 1).kind() != Kind.NAME) {
                break;
            }
            Token member = tokens.get(dot + 1);
            links++;
            if (type == UNKNOWN) {
                find(member, "cannot tell the type of the value before '." + member.text() + "': bind a fact field "
                        + "(\"$amount : amount\") or use a typed local, then call methods on that");
                return skipChain(dot + 1, to);
            }
            if (member.text().equals("class")) {
                find(member, ".class is reflection, which rules may not use");
                return dot + 2;
            }
            Class<?>[] next = {UNKNOWN};
            if (dot + 2 < to && tokens.get(dot + 2).is("(")) {
                j = call(dot + 1, to, type, isStatic, next);
                isStatic = false;
            } else if (isStatic && DrlAllowList.nestedType(type, member.text()).isPresent()) {
                next[0] = DrlAllowList.nestedType(type, member.text()).get(); // Outer.Inner.CONSTANT
                j = dot + 2;
            } else {
                Optional<Class<?>> field = isStatic ? DrlAllowList.staticField(type, member.text()) : DrlAllowList.property(type, member.text());
                if (field.isEmpty()) {
                    find(member, "'" + member.text() + "' is not a field rules may read on " + DrlAllowList.describe(type));
                    return dot + 2;
                }
                isStatic = false;
                next[0] = field.get();
                j = dot + 2;
            }
            type = next[0];
        }
        if (links > 0 && j < to && assigns(j, to)) {
            find(tokens.get(j), "assigns to a field; rules only add to the score");
        }
        result[0] = isStatic ? UNKNOWN : type;
        return j;
    }

    /** The call whose method name is at {@code m} (its '(' follows) on {@code type}; returns the index after ')'. */
    private int call(int m, int to, Class<?> type, boolean isStatic, Class<?>[] result) {
        Token method = tokens.get(m);
        int open = m + 1;
        int close = matching(open, to);
        int args = arguments(open, close);
        List<Method> allowed = DrlAllowList.methods(type, method.text(), isStatic, args);
        if (allowed.isEmpty()) {
            find(method, "'" + method.text() + "' is not a method rules may call on " + DrlAllowList.describe(type)
                    + " with " + args + (args == 1 ? " argument" : " arguments")
                    + "; rules may call " + DrlAllowList.methodNames(type, isStatic));
        } else if (type == String.class && method.text().equals("format")) {
            checkFormat(method, open, close);
        }
        scan(open + 1, close);
        Class<?> returned = allowed.isEmpty() ? UNKNOWN : allowed.get(0).getReturnType();
        for (Method candidate : allowed) {
            if (candidate.getReturnType() != returned) {
                returned = UNKNOWN;
            }
        }
        result[0] = returned;
        return close + 1;
    }

    /** String.format's text is bounded by its format: a literal, with small widths and precisions. */
    private void checkFormat(Token at, int open, int close) {
        Token first = open + 1 < close ? tokens.get(open + 1) : null;
        boolean literal = first != null && first.kind() == Kind.TEXT
                && (open + 2 == close || tokens.get(open + 2).is(","));
        if (!literal) {
            find(at, "String.format takes a literal format text (\"%.0f of %s\"), so its size is known when the pack loads");
            return;
        }
        Matcher spec = FORMAT_SPEC.matcher(first.text());
        while (spec.find()) {
            long width = spec.group(2) == null ? 0 : parse(spec.group(2));
            long precision = spec.group(4) == null ? 0 : parse(spec.group(4));
            if (width > MAX_FORMAT_WIDTH || precision > MAX_FORMAT_PRECISION) {
                find(at, "format " + spec.group() + " is wider than rules need (width up to " + MAX_FORMAT_WIDTH
                        + ", precision up to " + MAX_FORMAT_PRECISION + ")");
            }
        }
    }

    private static long parse(String digits) {
        return digits.length() > 9 ? Long.MAX_VALUE : Long.parseLong(digits);
    }

    private void declare(Token local, Class<?> type) {
        if (DrlAllowList.isPackageRoot(local.text())) {
            find(local, "variable '" + local.text() + "' has the name of a package, and could pose as one");
        }
        locals.put(local.text(), type);
    }

    /** {@code = x} or {@code += x} right after a chain, but not {@code ==}. */
    private boolean assigns(int j, int to) {
        Token t = tokens.get(j);
        if (t.is("=")) {
            return !(j + 1 < to && tokens.get(j + 1).is("="));
        }
        return "+-*/%&|^".contains(t.text()) && t.kind() == Kind.SYMBOL && j + 1 < to && tokens.get(j + 1).is("=")
                && !(j + 2 < to && tokens.get(j + 2).is("="));
    }

    private int arguments(int open, int close) {
        if (close == open + 1) {
            return 0;
        }
        int depth = 0;
        int args = 1;
        for (int k = open + 1; k < close; k++) {
            Token t = tokens.get(k);
            if (t.is("(") || t.is("[") || t.is("{")) {
                depth++;
            } else if (t.is(")") || t.is("]") || t.is("}")) {
                depth--;
            } else if (t.is(",") && depth == 0) {
                args++;
            }
        }
        return args;
    }

    /** The ')' closing the '(' at {@code open}, or {@code to} when it is missing. */
    private int matching(int open, int to) {
        int depth = 0;
        for (int k = open; k < to; k++) {
            if (tokens.get(k).is("(")) {
                depth++;
            } else if (tokens.get(k).is(")") && --depth == 0) {
                return k;
            }
        }
        return to;
    }

    private int skipTo(int i, int to, String symbol) {
        int k = i;
        while (k < to && !tokens.get(k).is(symbol)) {
            k++;
        }
        return Math.min(to, k + 1);
    }

    /** Past the rest of a refused chain, so each broken chain is reported once. */
    private int skipChain(int k, int to) {
        while (k < to && (tokens.get(k).kind() == Kind.NAME || tokens.get(k).is(".") || tokens.get(k).is("!"))) {
            if (k + 1 < to && tokens.get(k + 1).is("(")) {
                k = matching(k + 1, to);
            }
            k++;
        }
        return k;
    }

    /** One finding per line: the first broken link of a chain says enough. */
    private void find(Token at, String message) {
        if (findings.isEmpty() || findings.get(findings.size() - 1).line() != at.line()) {
            findings.add(new Finding(at.line(), message));
        }
    }

    /** Names, literals (with their text), numbers and symbols, with line numbers; comments are dropped. */
    private static List<Token> tokenize(String code) {
        List<Token> tokens = new ArrayList<>();
        int line = 0;
        int i = 0;
        int n = code.length();
        while (i < n) {
            char c = code.charAt(i);
            if (c == '\n') {
                line++;
                i++;
            } else if (Character.isWhitespace(c)) {
                i++;
            } else if (code.startsWith("//", i)) {
                while (i < n && code.charAt(i) != '\n') {
                    i++;
                }
            } else if (code.startsWith("/*", i)) {
                int end = code.indexOf("*/", i + 2);
                end = end < 0 ? n : end + 2;
                line += count(code, i, end);
                i = end;
            } else if (code.startsWith("\"\"\"", i)) {
                // Java reads a text block, MVEL three strings: two readings of one text are refused
                tokens.add(new Token("\"\"\"", Kind.SYMBOL, line));
                i += 3;
            } else if (c == '"' || c == '\'') {
                int end = skipString(code, i);
                tokens.add(new Token(code.substring(Math.min(end, i + 1), Math.max(i + 1, end - 1)), Kind.TEXT, line));
                line += count(code, i, end);
                i = end;
            } else if (Character.isDigit(c)) {
                int start = i;
                while (i < n && (Character.isLetterOrDigit(code.charAt(i)) || code.charAt(i) == '.' || code.charAt(i) == '_')) {
                    i++;
                }
                tokens.add(new Token(code.substring(start, i), Kind.NUMBER, line));
            } else if (Character.isJavaIdentifierStart(c)) {
                int start = i;
                while (i < n && Character.isJavaIdentifierPart(code.charAt(i))) {
                    i++;
                }
                tokens.add(new Token(code.substring(start, i), Kind.NAME, line));
            } else {
                tokens.add(new Token(String.valueOf(c), Kind.SYMBOL, line));
                i++;
            }
        }
        return tokens;
    }

    private static int skipString(String code, int start) {
        char quote = code.charAt(start);
        int i = start + 1;
        while (i < code.length() && code.charAt(i) != quote) {
            i += code.charAt(i) == '\\' ? 2 : 1;
        }
        return Math.min(code.length(), i + 1);
    }

    private static int count(String code, int from, int to) {
        int lines = 0;
        for (int i = from; i < Math.min(to, code.length()); i++) {
            lines += code.charAt(i) == '\n' ? 1 : 0;
        }
        return lines;
    }
}
