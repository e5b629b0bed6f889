package dev.riskgate.rules;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What one DRL file may name and call. Types: the fact types it imports from {@value #FACTS}, the globals
 * {@code params}, {@code score} and {@code alert}, String, Math, the boxed numbers and java.time. Members: a method or field
 * is callable on a type only when this class grants it there <em>and</em> its result is again a value type
 * (a primitive, String, a boxed number, a java.time value or a fact), so a chain of calls can never leave
 * those types: no {@code Class}, no URL, no stream, no collection to iterate. Everything else a rule could
 * reach (System, Runtime, threads, files, reflection, the engine) is outside it, because a rule file is code
 * that runs inside the service.
 */
final class DrlAllowList {

    static final String FACTS = "dev.riskgate.rules.facts";
    static final Map<String, Class<?>> GLOBALS = Map.of("params", Parameters.class, "score", Scorecard.class,
            "alert", Alerts.class);

    /** java.lang types a rule may use by simple name: text, arithmetic and number conversions. */
    private static final Map<String, Class<?>> LANG = Map.ofEntries(Map.entry("String", String.class),
            Map.entry("Math", Math.class), Map.entry("StrictMath", StrictMath.class), Map.entry("Integer", Integer.class),
            Map.entry("Long", Long.class), Map.entry("Double", Double.class), Map.entry("Float", Float.class),
            Map.entry("Short", Short.class), Map.entry("Byte", Byte.class), Map.entry("Boolean", Boolean.class),
            Map.entry("Character", Character.class), Map.entry("Number", Number.class));
    private static final Map<String, Class<?>> PRIMITIVES = Map.of("int", int.class, "long", long.class,
            "double", double.class, "float", float.class, "boolean", boolean.class, "short", short.class,
            "byte", byte.class, "char", char.class);
    /** Types a pattern may match besides the facts: what accumulate and from produce. */
    private static final Map<String, Class<?>> PATTERN_EXTRAS = Map.of("Object", Object.class, "Number", Number.class,
            "List", List.class, "Set", Set.class, "Collection", Collection.class, "java.util.List", List.class,
            "java.util.Set", Set.class, "java.util.Collection", Collection.class);
    /** The accumulate functions Drools ships that only compute over values, and the type each gives. */
    static final Map<String, Class<?>> ACCUMULATE_FUNCTIONS = Collections.unmodifiableSortedMap(new TreeMap<>(Map.of(
            "sum", Number.class, "count", Number.class, "min", Number.class, "max", Number.class,
            "average", Number.class, "collectSet", Set.class, "collectList", List.class)));

    /** String methods that read or make text no longer than their inputs (no repeat, replace, regex, format of an instance). */
    private static final Set<String> STRING_METHODS = Set.of("length", "isEmpty", "isBlank", "charAt", "startsWith",
            "endsWith", "contains", "indexOf", "lastIndexOf", "equals", "equalsIgnoreCase", "compareTo",
            "compareToIgnoreCase", "toLowerCase", "toUpperCase", "trim", "strip", "substring", "concat", "toString",
            "hashCode", "valueOf", "format");
    /** Conversions and comparisons of boxed numbers, booleans and characters. */
    private static final Set<String> NUMBER_METHODS = Set.of("intValue", "longValue", "doubleValue", "floatValue",
            "shortValue", "byteValue", "booleanValue", "charValue", "compareTo", "compare", "equals", "hashCode",
            "toString", "valueOf", "parseInt", "parseLong", "parseDouble", "parseBoolean", "isNaN", "isInfinite",
            "isFinite", "max", "min", "sum", "signum", "isDigit", "isLetter", "isWhitespace");
    /** What a rule may ask of what accumulate collects: how many, and whether one is in it. No iteration. */
    private static final Set<String> COLLECTION_METHODS = Set.of("size", "isEmpty", "contains");
    /** Methods every value has that are plain value operations; Enum's and Record's others are reflection. */
    private static final Set<String> VALUE_METHODS = Set.of("equals", "hashCode", "toString", "compareTo", "name", "ordinal");
    /**
     * java.time methods that describe the class or run caller-supplied logic rather than compute a time, and
     * {@code now}: rules measure event time, so a replay gives the same answers.
     */
    private static final Set<String> TIME_REFUSED = Set.of("describeConstable", "resolveConstantDesc", "query",
            "getChronology", "getClass", "now");

    private static final Set<String> PACKAGE_ROOTS = packageRoots();

    private final Map<String, Class<?>> types = new HashMap<>();
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
        return Optional.empty();
    }

    /** A fully-qualified name a rule may use: a fact type, a java.time type, or one of the java.lang ones. */
    Optional<Class<?>> qualifiedType(String name) {
        if (name.startsWith("java.lang.") && LANG.containsKey(name.substring("java.lang.".length()))) {
            return Optional.of(LANG.get(name.substring("java.lang.".length())));
        }
        if (name.startsWith("java.time.")) {
            return load(name).filter(c -> c.getPackageName().equals("java.time"));
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

    /** The type a simple name stands for in this file: imported, java.lang's few, a primitive, or java.time's. */
    Optional<Class<?>> typeNamed(String simpleName) {
        if (types.containsKey(simpleName)) {
            return Optional.of(types.get(simpleName));
        }
        if (LANG.containsKey(simpleName)) {
            return Optional.of(LANG.get(simpleName));
        }
        if (PRIMITIVES.containsKey(simpleName)) {
            return Optional.of(PRIMITIVES.get(simpleName));
        }
        if (javaTimeWildcard && !simpleName.isEmpty() && Character.isUpperCase(simpleName.charAt(0))) {
            return qualifiedType("java.time." + simpleName);
        }
        return Optional.empty();
    }

    /** The class a pattern matches on, or empty when it is not a fact type or what accumulate produces. */
    Optional<Class<?>> patternType(String name) {
        if (PATTERN_EXTRAS.containsKey(name)) {
            return Optional.of(PATTERN_EXTRAS.get(name));
        }
        return typeNamed(name).or(() -> qualifiedType(name));
    }

    /**
     * Whether values of {@code type} may flow through a rule: what every allowed member must return, so
     * that no chain of calls can leave these types.
     */
    static boolean isValueType(Class<?> type) {
        return (type.isPrimitive() && type != void.class) || type == String.class || type == Number.class
                || (LANG.containsValue(type) && type != Math.class && type != StrictMath.class)
                || type.getPackageName().equals(FACTS)
                // a clock is the one java.time type that is not a value: rules measure event time
                || (type.getPackageName().equals("java.time") && type != java.time.Clock.class
                    && type != java.time.InstantSource.class);
    }

    static boolean isConstructible(Class<?> type) {
        return type == String.class || (Number.class.isAssignableFrom(type) && LANG.containsValue(type));
    }

    /** The public methods called {@code name} with {@code args} arguments that rules may call on {@code type}. */
    static List<Method> methods(Class<?> type, String name, boolean isStatic, int args) {
        List<Method> found = new ArrayList<>();
        for (Method m : type.getMethods()) {
            int n = m.getParameterCount();
            boolean arity = m.isVarArgs() ? args >= n - 1 : args == n;
            if (m.getName().equals(name) && arity && Modifier.isStatic(m.getModifiers()) == isStatic && !m.isBridge()
                    && grants(type, m)) {
                found.add(m);
            }
        }
        return found;
    }

    /** The names of what {@link #methods} grants on {@code type}, for a message. */
    static String methodNames(Class<?> type, boolean isStatic) {
        Set<String> names = new TreeSet<>();
        for (Method m : type.getMethods()) {
            if (Modifier.isStatic(m.getModifiers()) == isStatic && !m.isBridge() && grants(type, m)) {
                names.add(m.getName());
            }
        }
        return names.isEmpty() ? "nothing on it" : String.join(", ", names);
    }

    /**
     * The type of {@code value.name} on a value of {@code type}: a record component or a zero-argument
     * method granted on it, called as a property ({@code amount}, {@code doubleValue}).
     */
    static Optional<Class<?>> property(Class<?> type, String name) {
        if (name.isEmpty()) {
            return Optional.empty();
        }
        String cap = Character.toUpperCase(name.charAt(0)) + name.substring(1);
        for (String candidate : List.of(name, "get" + cap, "is" + cap)) {
            List<Method> found = methods(type, candidate, false, 0);
            if (!found.isEmpty()) {
                return Optional.of(found.get(0).getReturnType());
            }
        }
        return Optional.empty();
    }

    /** {@code Type.NAME}: a public static final field of a value type (an enum constant, MAX_VALUE, UTC). */
    static Optional<Class<?>> staticField(Class<?> type, String name) {
        if (!grantsTypeMembers(type)) {
            return Optional.empty();
        }
        try {
            Field f = type.getField(name);
            int mod = f.getModifiers();
            return Modifier.isStatic(mod) && Modifier.isFinal(mod) && isValueType(f.getType())
                    ? Optional.of(f.getType()) : Optional.empty();
        } catch (NoSuchFieldException e) {
            return Optional.empty();
        }
    }

    /** {@code Outer.Inner}: a public type nested in a fact type (an enum of a fact's values). */
    static Optional<Class<?>> nestedType(Class<?> type, String name) {
        if (!type.getPackageName().equals(FACTS)) {
            return Optional.empty();
        }
        for (Class<?> inner : type.getClasses()) {
            if (inner.getSimpleName().equals(name)) {
                return Optional.of(inner);
            }
        }
        return Optional.empty();
    }

    /** Whether {@code m}, found on {@code type}, is one a rule may call. */
    private static boolean grants(Class<?> type, Method m) {
        String name = m.getName();
        // The globals' one action each returns nothing: it is what a consequence is for.
        boolean action = (type == Scorecard.class && name.equals("add")) || (type == Alerts.class && name.equals("raise"));
        boolean returnsValue = isValueType(m.getReturnType()) || action;
        if (!returnsValue || !grantsTypeMembers(type)) {
            return false;
        }
        if (type == Scorecard.class || type == Alerts.class) {
            return action;
        }
        if (type == Parameters.class) {
            return m.getDeclaringClass() == Parameters.class;
        }
        if (type.getPackageName().equals(FACTS)) {
            if (Modifier.isStatic(m.getModifiers())) { // a fact's factories are riskgate's, not the rules'
                return type.isEnum() && name.equals("valueOf") && m.getParameterCount() == 1;
            }
            return m.getDeclaringClass() == type || VALUE_METHODS.contains(name);
        }
        if (type == String.class) {
            return STRING_METHODS.contains(name);
        }
        if (type == Math.class || type == StrictMath.class) {
            return !name.equals("random"); // the same event must always get the same answer
        }
        if (LANG.containsValue(type)) {
            return NUMBER_METHODS.contains(name);
        }
        if (type.getPackageName().equals("java.time")) {
            return !TIME_REFUSED.contains(name);
        }
        return COLLECTION_METHODS.contains(name);
    }

    /** The types whose members rules may use at all: values, Math, the globals and accumulate's collections. */
    private static boolean grantsTypeMembers(Class<?> type) {
        return isValueType(type) || type == Math.class || type == StrictMath.class || GLOBALS.containsValue(type)
                || type == List.class || type == Set.class || type == Collection.class;
    }

    static String describe(Class<?> type) {
        return type.isArray() || type.getPackageName().isEmpty() ? type.getSimpleName()
                : type.getPackageName().equals("java.lang") || type.getPackageName().equals(FACTS)
                        ? type.getSimpleName() : type.getName();
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

    /** Loads without initialising: naming a class in a rule file must not run its static code. */
    private static Optional<Class<?>> load(String name) {
        try {
            return Optional.of(Class.forName(name, false, DrlAllowList.class.getClassLoader()));
        } catch (ClassNotFoundException | LinkageError e) {
            return Optional.empty();
        }
    }
}
