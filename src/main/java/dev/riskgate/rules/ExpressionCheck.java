package dev.riskgate.rules;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Checks the code inside a DRL file (a constraint, an eval, an accumulate argument, a consequence)
 * against the {@link DrlAllowList}. Every chain of names ({@code a.b().c}) must start from something the
 * allow-list knows (a binding, a fact field, a global, an allowed type, a literal or a local), and no link
 * may be a reflective or engine-reaching member. String literals and comments are skipped, so names in a
 * message are not code.
 */
final class ExpressionCheck {

    /** A name that broke the policy: its line within the checked text (0-based) and why. */
    record Finding(int line, String message) {
    }

    private record Token(String text, boolean name, int line) {
    }

    private static final Set<String> KEYWORDS = Set.of("true", "false", "null", "this", "instanceof",
            // constraint operators
            "matches", "memberOf", "contains", "excludes", "soundslike", "str", "in", "not",
            // statements a consequence may use
            "if", "else", "return", "final", "var", "switch", "case", "default", "break");
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
            Map.entry("while", "loops are not allowed: a loop that never ends would stall scoring"),
            Map.entry("do", "loops are not allowed: a loop that never ends would stall scoring"));
    /** Members that are reflection, reach the engine, or block a thread, whatever they are called on. */
    private static final Set<String> FORBIDDEN_MEMBERS = Set.of("class", "getClass", "getClassLoader", "forName",
            "getRuntime", "exec", "exit", "halt", "invoke", "invokeExact", "newInstance", "getMethod", "getMethods",
            "getDeclaredMethod", "getDeclaredMethods", "getField", "getFields", "getDeclaredField", "getDeclaredFields",
            "getConstructor", "getConstructors", "getDeclaredConstructor", "getDeclaredConstructors", "setAccessible",
            "loadClass", "defineClass", "getModule", "getKieRuntime", "getKieBase", "getWorkingMemory",
            "getKnowledgeRuntime", "getEntryPoint", "getSystemClassLoader", "getContextClassLoader", "lookup",
            "getInteger", "getLong", "getBoolean", "getProperty", "getenv", "wait", "notify", "notifyAll");
    private static final List<String> RULE_NAME = List.of(".", "getRule", "(", ")", ".", "getName", "(", ")");

    private final DrlAllowList allow;
    private final Set<String> roots;
    private final Set<String> locals = new HashSet<>();

    private ExpressionCheck(DrlAllowList allow, Set<String> roots) {
        this.allow = allow;
        this.roots = roots;
    }

    /**
     * Checks {@code code}; {@code roots} are the extra names valid here (the rule's bindings and, in a
     * pattern, the fact fields).
     */
    static List<Finding> check(String code, DrlAllowList allow, Set<String> roots) {
        return new ExpressionCheck(allow, roots).run(tokenize(code));
    }

    /** One finding per line: the first broken link of a chain says enough. */
    private List<Finding> run(List<Token> tokens) {
        List<Finding> findings = new ArrayList<>();
        for (int i = 0; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            if (!t.name()) {
                continue;
            }
            String before = i > 0 ? tokens.get(i - 1).text() : "";
            boolean member = before.equals(".") || (before.equals(":") && i > 1 && tokens.get(i - 2).text().equals(":"));
            Optional<String> why = member ? member(t.text()) : Optional.empty();
            if (!member) {
                int[] next = {i};
                why = root(tokens, next);
                i = next[0];
            }
            if (why.isPresent() && (findings.isEmpty() || findings.get(findings.size() - 1).line() != t.line())) {
                findings.add(new Finding(t.line(), why.get()));
            }
        }
        return findings;
    }

    private static Optional<String> member(String name) {
        if (name.equals("class")) {
            return Optional.of(".class is reflection, which rules may not use");
        }
        return FORBIDDEN_MEMBERS.contains(name)
                ? Optional.of("'" + name + "' is reflection or reaches the engine or the JVM, which rules may not use")
                : Optional.empty();
    }

    /** Checks the name at {@code at[0]} that starts a chain; moves {@code at[0]} past names it consumed. */
    private Optional<String> root(List<Token> tokens, int[] at) {
        int i = at[0];
        String name = tokens.get(i).text();
        String after = i + 1 < tokens.size() ? tokens.get(i + 1).text() : "";
        if (name.startsWith("$") || roots.contains(name) || locals.contains(name) || KEYWORDS.contains(name)) {
            return Optional.empty();
        }
        if (FORBIDDEN_ROOTS.containsKey(name)) {
            return Optional.of("'" + name + "' " + FORBIDDEN_ROOTS.get(name));
        }
        if (DrlAllowList.GLOBALS.containsKey(name)) {
            String method = after.equals(".") && i + 2 < tokens.size() ? tokens.get(i + 2).text() : null;
            return method == null || DrlAllowList.isGlobalMethod(name, method) ? Optional.empty()
                    : Optional.of("'" + name + "." + method + "' is not a method of " + name);
        }
        if (name.equals("drools") || name.equals("kcontext")) {
            boolean ruleName = i + RULE_NAME.size() < tokens.size()
                    && tokens.subList(i + 1, i + 1 + RULE_NAME.size()).stream().map(Token::text).toList().equals(RULE_NAME);
            return ruleName ? Optional.empty()
                    : Optional.of("'" + name + ".' reaches the engine; only " + name + ".getRule().getName() is allowed");
        }
        if (name.equals("new")) {
            at[0] = i + 1;
            String type = qualifiedName(tokens, at);
            return allow.isType(type) || allow.qualifiedType(type).isPresent() ? Optional.empty()
                    : Optional.of("'new " + type + "': rules may create only Strings, boxed numbers, java.time values and facts");
        }
        if (after.equals(".") && Character.isLowerCase(name.charAt(0)) && !allow.isFactField(name)) {
            // a package: java.time.LocalDate is allowed, java.lang.Runtime and everything else is not
            String qualified = qualifiedName(tokens, at);
            return typePrefix(qualified) ? Optional.empty()
                    : Optional.of("fully-qualified name " + qualified + " is outside the allow-list "
                            + "(facts, params, score, String, Math, java.time, boxed numbers)");
        }
        if (allow.isType(name) || allow.isFactField(name)) {
            if (allow.isType(name) && i + 1 < tokens.size() && tokens.get(i + 1).name()) {
                at[0] = i + 1; // a declaration: String msg = ...
                if (DrlAllowList.isPackageRoot(after)) {
                    return Optional.of("variable '" + after + "' has the name of a package, and could pose as one");
                }
                locals.add(after);
            }
            return Optional.empty();
        }
        return Optional.of("'" + name + "' is not a field of an imported fact, a binding, params, score or an allowed type "
                + "(String, Math, java.time, boxed numbers)");
    }

    /** Whether some prefix of a dotted name is an allowed type (the rest are its members). */
    private boolean typePrefix(String qualified) {
        String[] parts = qualified.split("\\.");
        StringBuilder name = new StringBuilder(parts[0]);
        for (int k = 1; k < parts.length; k++) {
            name.append('.').append(parts[k]);
            if (allow.qualifiedType(name.toString()).isPresent()) {
                for (int m = k + 1; m < parts.length; m++) {
                    if (member(parts[m]).isPresent()) {
                        return false;
                    }
                }
                return true;
            }
        }
        return false;
    }

    /** Reads {@code a.b.c} from {@code at[0]}, leaving {@code at[0]} on its last name. */
    private static String qualifiedName(List<Token> tokens, int[] at) {
        int i = at[0];
        if (i >= tokens.size()) {
            return "";
        }
        StringBuilder name = new StringBuilder(tokens.get(i).text());
        while (i + 2 < tokens.size() && tokens.get(i + 1).text().equals(".") && tokens.get(i + 2).name()) {
            name.append('.').append(tokens.get(i + 2).text());
            i += 2;
        }
        at[0] = i;
        return name.toString();
    }

    /** Names, symbols and line numbers; literals and comments are dropped. */
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
            } else if (c == '"' || c == '\'') {
                int end = skipString(code, i);
                line += count(code, i, end);
                i = end;
            } else if (Character.isDigit(c)) {
                while (i < n && (Character.isLetterOrDigit(code.charAt(i)) || code.charAt(i) == '.' || code.charAt(i) == '_')) {
                    i++;
                }
            } else if (Character.isJavaIdentifierStart(c)) {
                int start = i;
                while (i < n && Character.isJavaIdentifierPart(code.charAt(i))) {
                    i++;
                }
                tokens.add(new Token(code.substring(start, i), true, line));
            } else {
                tokens.add(new Token(String.valueOf(c), false, line));
                i++;
            }
        }
        return tokens;
    }

    private static int skipString(String code, int start) {
        String quote = code.startsWith("\"\"\"", start) ? "\"\"\"" : String.valueOf(code.charAt(start));
        int i = start + quote.length();
        while (i < code.length() && !code.startsWith(quote, i)) {
            i += code.charAt(i) == '\\' ? 2 : 1;
        }
        return Math.min(code.length(), i + quote.length());
    }

    private static int count(String code, int from, int to) {
        int lines = 0;
        for (int i = from; i < Math.min(to, code.length()); i++) {
            lines += code.charAt(i) == '\n' ? 1 : 0;
        }
        return lines;
    }
}
