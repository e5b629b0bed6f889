package dev.riskgate.rules;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * What one DRL file may name: the fact types it imports from {@value #FACTS} and their fields, the
 * globals {@code params} and {@code score} and their own methods, String, Math, the boxed numbers and
 * java.time. Everything else a rule could reach (System, Runtime, threads, files, reflection, the engine)
 * is outside it, because a rule file is code that runs inside the service.
 */
final class DrlAllowList {

    static final String FACTS = "dev.riskgate.rules.facts";
    static final Map<String, Class<?>> GLOBALS = Map.of("params", Parameters.class, "score", Scorecard.class);

    /** java.lang types a rule may use by simple name: text, arithmetic and number conversions. */
    private static final Set<String> LANG = Set.of("String", "Math", "StrictMath", "Integer", "Long", "Double",
            "Float", "Short", "Byte", "Boolean", "Character", "Number");
    private static final Set<String> PRIMITIVES = Set.of("int", "long", "double", "float", "boolean", "short",
            "byte", "char");
    /** Types a pattern may match besides the facts: what accumulate and from produce. */
    private static final Set<String> PATTERN_EXTRAS = Set.of("Object", "Number", "List", "Set", "Collection",
            "java.util.List", "java.util.Set", "java.util.Collection");
    /** The accumulate functions Drools ships that only compute over values. */
    static final Set<String> ACCUMULATE_FUNCTIONS = Collections.unmodifiableSortedSet(new TreeSet<>(Set.of("sum",
            "count", "min", "max", "average", "collectSet", "collectList")));

    private static final Set<String> PACKAGE_ROOTS = packageRoots();

    private final Map<String, Class<?>> types = new HashMap<>();
    private final Set<String> factFields = new HashSet<>();
    private boolean javaTimeWildcard;

    /**
     * Registers one {@code import}; returns why it is refused, or empty when it is allowed. Only single
     * fact types, java.time and the java.lang types above may be imported.
     */
    Optional<String> addImport(String target) {
        if (target.equals(FACTS + ".*")) {
            return Optional.of("import fact types one by one (import " + FACTS + ".WalletEvent), not " + target);
        }
        if (target.equals("java.time.*")) {
            javaTimeWildcard = true;
            return Optional.empty();
        }
        Optional<Class<?>> type = qualifiedType(target);
        if (type.isEmpty()) {
            return Optional.of("imports " + target + ": a rule file may import only fact types (" + FACTS
                    + "), java.time, and String, Math or the boxed numbers");
        }
        types.put(type.get().getSimpleName(), type.get());
        if (type.get().getPackageName().equals(FACTS)) {
            addFields(type.get());
        }
        return Optional.empty();
    }

    /** A fully-qualified name a rule may use: a fact type, a java.time type, or one of the java.lang ones. */
    Optional<Class<?>> qualifiedType(String name) {
        if (name.startsWith("java.lang.") && LANG.contains(name.substring("java.lang.".length()))) {
            return load(name);
        }
        if (name.startsWith("java.time.")) {
            return load(name).filter(c -> c.getPackageName().startsWith("java.time"));
        }
        if (name.startsWith(FACTS + ".")) {
            Optional<Class<?>> fact = load(name);
            // a nested type (an enum inside a fact) is named with a dot in DRL and a '$' by the JVM
            int dot = name.lastIndexOf('.');
            if (fact.isEmpty() && dot > FACTS.length()) {
                fact = load(name.substring(0, dot) + "$" + name.substring(dot + 1));
            }
            return fact.filter(c -> c.getPackageName().equals(FACTS));
        }
        return Optional.empty();
    }

    /** Whether a simple name is a type this file may use (imported, java.lang's few, or a primitive). */
    boolean isType(String simpleName) {
        return types.containsKey(simpleName) || LANG.contains(simpleName) || PRIMITIVES.contains(simpleName)
                || (javaTimeWildcard && Character.isUpperCase(simpleName.charAt(0))
                    && load("java.time." + simpleName).isPresent());
    }

    boolean isPatternType(String name) {
        return PATTERN_EXTRAS.contains(name) || isType(name) || qualifiedType(name).isPresent();
    }

    /** A field (record component or getter) of an imported fact type, usable unqualified in a pattern. */
    boolean isFactField(String name) {
        return factFields.contains(name) && !isPackageRoot(name);
    }

    /**
     * Whether {@code name} starts some package's name ({@code java}, {@code org}, {@code io}, ...): a
     * binding, local or field of that name could make {@code java.nio.file.Files} look like a variable.
     */
    static boolean isPackageRoot(String name) {
        return PACKAGE_ROOTS.contains(name);
    }

    private static Set<String> packageRoots() {
        Set<String> roots = new HashSet<>(Set.of("java", "javax", "jdk", "sun", "com", "org", "net", "io", "dev"));
        for (Module m : ModuleLayer.boot().modules()) {
            m.getPackages().forEach(p -> roots.add(p.split("\\.")[0]));
        }
        for (Package p : DrlAllowList.class.getClassLoader().getDefinedPackages()) {
            roots.add(p.getName().split("\\.")[0]);
        }
        return Set.copyOf(roots);
    }

    /** Public instance methods declared by a global's own class: {@code score.add}, {@code params.get}. */
    static boolean isGlobalMethod(String global, String method) {
        for (Method m : GLOBALS.get(global).getDeclaredMethods()) {
            if (m.getName().equals(method) && Modifier.isPublic(m.getModifiers()) && !Modifier.isStatic(m.getModifiers())) {
                return true;
            }
        }
        return false;
    }

    private void addFields(Class<?> fact) {
        if (fact.isRecord()) {
            for (RecordComponent c : fact.getRecordComponents()) {
                factFields.add(c.getName());
            }
        }
        for (Method m : fact.getMethods()) {
            if (m.getParameterCount() == 0 && !Modifier.isStatic(m.getModifiers()) && m.getDeclaringClass() != Object.class) {
                String n = m.getName();
                if (n.length() > 3 && n.startsWith("get")) {
                    factFields.add(Character.toLowerCase(n.charAt(3)) + n.substring(4));
                } else if (n.length() > 2 && n.startsWith("is")) {
                    factFields.add(Character.toLowerCase(n.charAt(2)) + n.substring(3));
                }
            }
        }
    }

    /** Loads without initialising: naming a class in a rule file must not run its static code. */
    private static Optional<Class<?>> load(String name) {
        try {
            return Optional.of(Class.forName(name, false, DrlAllowList.class.getClassLoader()));
        } catch (ClassNotFoundException | LinkageError e) {
            return Optional.empty();
        }
    }
}
