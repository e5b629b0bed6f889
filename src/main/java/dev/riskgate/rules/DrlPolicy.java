package dev.riskgate.rules;

import dev.riskgate.rules.facts.FactTypes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.drools.drl.ast.descr.AccumulateDescr;
import org.drools.drl.ast.descr.AnnotatedBaseDescr;
import org.drools.drl.ast.descr.AnnotationDescr;
import org.drools.drl.ast.descr.AttributeDescr;
import org.drools.drl.ast.descr.BaseDescr;
import org.drools.drl.ast.descr.CollectDescr;
import org.drools.drl.ast.descr.ConditionalElementDescr;
import org.drools.drl.ast.descr.EntryPointDescr;
import org.drools.drl.ast.descr.EvalDescr;
import org.drools.drl.ast.descr.ExistsDescr;
import org.drools.drl.ast.descr.ExprConstraintDescr;
import org.drools.drl.ast.descr.ForallDescr;
import org.drools.drl.ast.descr.FromDescr;
import org.drools.drl.ast.descr.FunctionDescr;
import org.drools.drl.ast.descr.FunctionImportDescr;
import org.drools.drl.ast.descr.GlobalDescr;
import org.drools.drl.ast.descr.ImportDescr;
import org.drools.drl.ast.descr.NotDescr;
import org.drools.drl.ast.descr.OrDescr;
import org.drools.drl.ast.descr.PackageDescr;
import org.drools.drl.ast.descr.PatternDescr;
import org.drools.drl.ast.descr.RuleDescr;
import org.drools.drl.ast.descr.TypeDeclarationDescr;
import org.drools.drl.parser.DrlParser;
import org.drools.drl.parser.DroolsError;
import org.drools.drl.parser.DroolsParserException;

/**
 * Keeps a rule pack to scoring. DRL consequences and constraints are Java/MVEL that run inside the
 * service, so whoever can write {@code rules/} could otherwise run anything as the service. Every DRL
 * file is parsed with Drools' own parser before it is compiled, and rejected (file, line, rule, why) if
 * it imports or calls anything outside the {@link DrlAllowList}, declares functions or types, or uses
 * engine features the pack has no need for.
 */
final class DrlPolicy {

    /** Attributes whose value is only ever a name or a date; every other value may be evaluated as code. */
    private static final Set<String> PLAIN_ATTRIBUTES = Set.of("dialect", "agenda-group", "activation-group",
            "ruleflow-group", "date-effective", "date-expires");
    static final int MAX_DEGREE = 2;
    private static final Pattern BINDING = Pattern.compile("^\\s*(\\$?[A-Za-z_][A-Za-z0-9_]*)\\s*:(?![:=])");

    private final String file;
    private final String source;
    private final List<CompileError> errors;
    private final DrlAllowList allow = new DrlAllowList();

    private DrlPolicy(String file, String source, List<CompileError> errors) {
        this.file = file;
        this.source = source;
        this.errors = errors;
    }

    /**
     * Adds an error for every DRL file in {@code drlFiles} that breaks the policy, and returns the text
     * of each file as it was checked: compile that, not the file, which may have changed since.
     */
    static Map<Path, String> check(Path dir, List<Path> drlFiles, List<CompileError> errors) {
        Map<Path, String> checked = new LinkedHashMap<>();
        for (Path drl : drlFiles) {
            String source;
            try {
                source = Files.readString(drl);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            new DrlPolicy(dir.relativize(drl).toString(), source, errors).check();
            checked.put(drl, source);
        }
        return checked;
    }

    private void check() {
        int escape = source.indexOf("\\u");
        if (escape >= 0) {
            // javac decodes \\u escapes before it reads code, so one can hide a quote and the code after it
            reject(lineAt(escape), null, "unicode escapes (\\u...) are not allowed: write the character itself");
            return;
        }
        DrlParser parser = new DrlParser();
        PackageDescr pkg;
        try {
            pkg = parser.parse(false, source);
        } catch (DroolsParserException e) {
            reject(e.getLineNumber() > 0 ? e.getLineNumber() : null, null, "does not parse: " + e.getMessage());
            return;
        }
        if (parser.hasErrors() || pkg == null) {
            for (DroolsError e : parser.getErrors()) {
                int[] lines = e.getLines();
                reject(lines != null && lines.length > 0 && lines[0] > 0 ? lines[0] : null, null, e.getMessage());
            }
            return;
        }
        checkDeclarations(pkg);
        for (AttributeDescr a : pkg.getAttributes()) {
            checkAttribute(a, null);
        }
        for (RuleDescr rule : pkg.getRules()) {
            checkRule(rule);
        }
    }

    private void checkDeclarations(PackageDescr pkg) {
        for (ImportDescr i : pkg.getImports()) {
            allow.addImport(i.getTarget()).ifPresent(why -> reject(i.getLine(), null, why));
        }
        for (FunctionImportDescr f : pkg.getFunctionImports()) {
            reject(f.getLine(), null, "import function " + f.getTarget() + ": rules may not import static methods");
        }
        if (!pkg.getAccumulateImports().isEmpty()) {
            reject(pkg.getAccumulateImports().get(0).getLine(), null,
                    "import accumulate: only the built-in accumulate functions " + DrlAllowList.ACCUMULATE_FUNCTIONS.keySet()
                            + " are allowed");
        }
        for (GlobalDescr g : pkg.getGlobals()) {
            Class<?> expected = DrlAllowList.GLOBALS.get(g.getIdentifier());
            if (expected == null || !(g.getType().equals(expected.getName()) || g.getType().equals(expected.getSimpleName()))) {
                reject(g.getLine(), null, "global " + g.getType() + " " + g.getIdentifier()
                        + ": the only globals are dev.riskgate.rules.Parameters params, dev.riskgate.rules.Scorecard score "
                        + "and dev.riskgate.rules.Alerts alert");
            }
        }
        for (FunctionDescr f : pkg.getFunctions()) {
            reject(f.getLine(), null, "function " + f.getName() + ": functions are Java code; put numbers in "
                    + Parameters.FILE + " and logic in rules");
        }
        if (pkg.getUnit() != null) {
            reject(pkg.getUnit().getLine(), null, "unit " + pkg.getUnit().getTarget() + ": rule units are not used by riskgate");
        }
        pkg.getWindowDeclarations().forEach(w -> reject(w.getLine(), null, "declare window " + w.getName()
                + ": riskgate rules measure time with minutesAgo, not windows"));
        for (TypeDeclarationDescr t : pkg.getTypeDeclarations()) {
            reject(t.getLine(), null, "declare " + t.getTypeName() + ": rules use the fact types riskgate provides");
        }
        pkg.getEnumDeclarations().forEach(e -> reject(e.getLine(), null, "declare enum " + e.getTypeName()
                + ": rules use the fact types riskgate provides"));
    }

    private void checkRule(RuleDescr rule) {
        String name = rule.getName();
        if (rule.isQuery()) {
            reject(rule.getLine(), name, "queries are not used by riskgate");
            return;
        }
        rule.getAttributes().values().forEach(a -> checkAttribute(a, name));
        checkAnnotations(rule, rule.getLine(), name, null);
        Map<String, Class<?>> bindings = new HashMap<>();
        List<Runnable> checks = new ArrayList<>();
        walk(rule.getLhs(), rule.getLine(), name, bindings, checks);
        checkJoins(rule);
        checks.forEach(Runnable::run);
        checkConsequence(rule, name, String.valueOf(rule.getConsequence()), bindings);
        for (Object named : rule.getNamedConsequences().values()) {
            checkConsequence(rule, name, String.valueOf(named), bindings);
        }
    }

    /** Collects the rule's bindings and queues a check for each piece of code; they run once all are known. */
    private void walk(BaseDescr d, int around, String rule, Map<String, Class<?>> bindings, List<Runnable> checks) {
        walk(d, around, rule, bindings, checks, null);
    }

    private void walk(BaseDescr d, int around, String rule, Map<String, Class<?>> bindings, List<Runnable> checks,
                      Class<?> pattern) {
        // the parser leaves some nodes (a pattern's constraints, a from source) without a line of their own
        int line = d.getLine() > 0 ? d.getLine() : around;
        if (d instanceof PatternDescr p) {
            Optional<Class<?>> type = allow.patternType(p.getObjectType());
            if (type.isEmpty()) {
                reject(line, rule, "pattern on " + p.getObjectType() + ", which is not a fact type");
            }
            Class<?> matched = type.orElse(ExpressionCheck.UNKNOWN);
            if (p.getIdentifier() != null) {
                bind(p.getIdentifier(), matched, line, rule, bindings);
            }
            checkAnnotations(p, line, rule, matched);
            walk((BaseDescr) p.getConstraint(), line, rule, bindings, checks, matched);
            if (p.getSource() != null) {
                walk(p.getSource(), line, rule, bindings, checks, null);
            }
        } else if (d instanceof ExprConstraintDescr e) {
            Matcher b = BINDING.matcher(e.getExpression());
            if (b.find()) {
                String bound = e.getExpression().substring(b.end());
                bind(b.group(1), ExpressionCheck.typeOf(bound.strip(), allow, new ExpressionCheck.Names(Map.of(), pattern)),
                        line, rule, bindings);
            }
            checks.add(() -> code(e.getExpression(), line, rule, new ExpressionCheck.Names(bindings, pattern)));
        } else if (d instanceof EvalDescr e) {
            checks.add(() -> code(String.valueOf(e.getContent()), line, rule, new ExpressionCheck.Names(bindings, null)));
        } else if (d instanceof AccumulateDescr a) {
            if (!a.isExternalFunction()) {
                reject(line, rule, "accumulate with init/action/result code: use the built-in functions "
                        + DrlAllowList.ACCUMULATE_FUNCTIONS.keySet());
                return;
            }
            walk(a.getInput(), line, rule, bindings, checks, null);
            for (AccumulateDescr.AccumulateFunctionCallDescr f : a.getFunctions()) {
                Class<?> result = DrlAllowList.ACCUMULATE_FUNCTIONS.get(f.getFunction());
                if (result == null) {
                    reject(line, rule, "accumulate function " + f.getFunction() + " is not one of "
                            + DrlAllowList.ACCUMULATE_FUNCTIONS.keySet());
                }
                if (f.getBind() != null) {
                    bind(f.getBind(), result == null ? ExpressionCheck.UNKNOWN : result, line, rule, bindings);
                }
                for (String param : f.getParams()) {
                    checks.add(() -> code(param, line, rule, new ExpressionCheck.Names(bindings, null)));
                }
            }
        } else if (d instanceof FromDescr f) {
            checks.add(() -> code(f.getExpression(), line, rule, new ExpressionCheck.Names(bindings, null)));
        } else if (d instanceof CollectDescr c) {
            walk(c.getInputPattern(), line, rule, bindings, checks, null);
        } else if (d instanceof EntryPointDescr) {
            return; // names a stream of facts, runs nothing
        } else if (d instanceof ConditionalElementDescr ce) { // and, or, not, exists, forall
            for (Object child : ce.getDescrs()) {
                walk((BaseDescr) child, line, rule, bindings, checks, pattern);
            }
        } else {
            reject(line, rule, d.getClass().getSimpleName().replace("Descr", "") + " is not a construct riskgate rules use");
        }
    }

    /**
     * Bounds the work one rule can cause. Each pattern over facts an event has many of (earlier attempts,
     * top-ups, basket lines) multiplies the tuples the engine joins; an accumulate, not or exists runs its
     * own patterns once per tuple that reaches it. The rule's degree is the number of such patterns along
     * its costliest path, and the engine's work for one event grows as (facts)^degree, so it may be at
     * most {@value #MAX_DEGREE}.
     */
    private void checkJoins(RuleDescr rule) {
        int degree = degree(rule.getLhs());
        if (degree > MAX_DEGREE) {
            reject(rule.getLine(), rule.getName(), "joins " + degree + " patterns over facts an event has many of "
                    + "(earlier attempts, top-ups, basket lines) along one path; at most " + MAX_DEGREE
                    + ", or one event's evaluation grows as the history to the power " + degree);
        }
    }

    private int degree(BaseDescr d) {
        int[] parts = degreeParts(d);
        return parts[0] + parts[1];
    }

    /** {joined, nested}: the many-patterns joined into the tuple stream, and the costliest nested part. */
    private int[] degreeParts(BaseDescr d) {
        if (d instanceof PatternDescr p) {
            int own = allow.patternType(p.getObjectType()).filter(FactTypes.MANY::contains).isPresent() ? 1 : 0;
            BaseDescr source = p.getSource();
            int nested = source instanceof AccumulateDescr a ? degree(a.getInput())
                    : source instanceof CollectDescr c ? degree(c.getInputPattern()) : 0;
            return new int[] {own, nested};
        }
        if (d instanceof NotDescr || d instanceof ExistsDescr || d instanceof ForallDescr) {
            int nested = 0;
            for (Object child : ((ConditionalElementDescr) d).getDescrs()) {
                nested += degree((BaseDescr) child);
            }
            return new int[] {0, nested};
        }
        if (d instanceof ConditionalElementDescr ce) {
            boolean or = d instanceof OrDescr;
            int joined = 0;
            int nested = 0;
            for (Object child : ce.getDescrs()) {
                int[] c = degreeParts((BaseDescr) child);
                joined = or ? Math.max(joined, c[0]) : joined + c[0];
                nested = Math.max(nested, c[1]);
            }
            return new int[] {joined, nested};
        }
        return new int[] {0, 0};
    }

    private void bind(String name, Class<?> type, int line, String rule, Map<String, Class<?>> bindings) {
        if (DrlAllowList.isPackageRoot(name)) {
            reject(line, rule, "binding '" + name + "' has the name of a package, and could pose as one: start it with $");
        }
        bindings.put(name, type);
    }

    private void checkAttribute(AttributeDescr a, String rule) {
        if (!PLAIN_ATTRIBUTES.contains(a.getName()) && a.getValue() != null) {
            code(a.getValue(), a.getLine(), rule, ExpressionCheck.Names.none());
        }
    }

    /**
     * Drools evaluates annotation values with MVEL while it compiles ({@code @family(...)}), before any
     * rule fires: they are code like the rest, and may only hold literals and fact fields.
     */
    private void checkAnnotations(AnnotatedBaseDescr d, int around, String rule, Class<?> pattern) {
        for (AnnotationDescr a : d.getAnnotations()) {
            for (Object value : a.getValueMap().values()) {
                code(String.valueOf(value), a.getLine() > 0 ? a.getLine() : around, rule,
                        new ExpressionCheck.Names(Map.of(), pattern));
            }
        }
    }

    private void checkConsequence(RuleDescr rule, String name, String code, Map<String, Class<?>> bindings) {
        int at = source.indexOf(code.strip(), Math.max(0, rule.getStartCharacter()));
        int line = at >= 0 ? lineAt(at) : Math.max(rule.getConsequenceLine(), rule.getLine());
        code(code.strip(), line, name, new ExpressionCheck.Names(bindings, null));
    }

    private void code(String code, int line, String rule, ExpressionCheck.Names names) {
        for (ExpressionCheck.Finding f : ExpressionCheck.check(code, allow, names)) {
            reject(line > 0 ? line + f.line() : null, rule, f.message());
        }
    }

    private void reject(Integer line, String rule, String message) {
        errors.add(new CompileError(file, line != null && line > 0 ? line : null, rule, message));
    }

    private int lineAt(int offset) {
        int line = 1;
        for (int i = 0; i < offset; i++) {
            line += source.charAt(i) == '\n' ? 1 : 0;
        }
        return line;
    }
}
