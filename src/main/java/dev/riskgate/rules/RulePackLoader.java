package dev.riskgate.rules;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.drools.base.definitions.InternalKnowledgePackage;
import org.drools.base.rule.DialectRuntimeData;
import org.drools.core.rule.JavaDialectRuntimeData;
import org.kie.api.KieServices;
import org.kie.api.builder.KieBuilder;
import org.kie.api.builder.KieFileSystem;
import org.kie.api.builder.Message;
import org.kie.api.builder.ReleaseId;
import org.kie.api.definition.KiePackage;
import org.kie.api.definition.rule.Rule;
import org.kie.api.runtime.KieContainer;

/**
 * Compiles a rules directory into a {@link RulePack}: every {@code *.drl} file, the parameter file and
 * the resale goods list. Slow (seconds cold, hundreds of ms warm): never call it on an event loop.
 */
public final class RulePackLoader {

    /** Each build gets its own release id so a rebuild never reuses, or leaks into, an older module. */
    private static final AtomicLong BUILDS = new AtomicLong();
    /** The pack's files besides its DRL. */
    private static final List<String> DATA_FILES = List.of(Parameters.FILE, ResaleCatalog.CATEGORY_FILE,
            ResaleCatalog.SKU_FILE, Currencies.FILE);

    private final Clock clock;

    public RulePackLoader(Clock clock) {
        this.clock = clock;
    }

    public RulePack load(Path dir) throws RulePackRejected {
        List<CompileError> errors = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            throw new RulePackRejected(List.of(new CompileError(dir.toString(), null, null, "not a directory")));
        }
        String version = versionOf(dir);
        List<Path> drlFiles = list(dir, ".drl");
        if (drlFiles.isEmpty()) {
            errors.add(new CompileError(dir.toString(), null, null, "no .drl files"));
        }
        Parameters params = Parameters.load(dir, errors);
        ResaleCatalog catalog = ResaleCatalog.load(dir, params, errors);
        Currencies currencies = Currencies.load(dir, params, errors);
        AlertKinds alertKinds = AlertKinds.load(params, errors);
        // Each file is read once: the policy, the text checks and the compiler all see the very text checked
        // (compiling alone may evaluate constant expressions, and a file swapped in between would otherwise
        // skip the policy).
        Map<Path, String> checked = DrlPolicy.check(dir, drlFiles, errors);
        Set<String> usedParameters = new HashSet<>();
        checked.forEach((drl, text) -> {
            String file = dir.relativize(drl).toString();
            DrlText.checkParameterUses(file, text, params, errors);
            DrlText.checkEnumComparisons(file, text, errors);
            DrlText.checkAlertKinds(file, text, alertKinds, errors);
            usedParameters.addAll(DrlText.parameterUses(text));
        });
        if (!errors.isEmpty()) {
            throw new RulePackRejected(errors);
        }
        KieContainer container = compile(dir, checked, errors);
        if (!errors.isEmpty()) {
            throw new RulePackRejected(errors);
        }
        checkFamilies(dir, checked, container, params, errors);
        if (!errors.isEmpty()) {
            container.dispose();
            throw new RulePackRejected(errors);
        }
        List<String> names = new ArrayList<>();
        for (Path p : inputs(dir)) {
            names.add(dir.relativize(p).toString());
        }
        if (!version.equals(versionOf(dir))) {
            container.dispose();
            throw new RulePackRejected(List.of(new CompileError(dir.toString(), null, null,
                    "files changed while the pack was loading; load again once they are saved")));
        }
        RulePack pack = new RulePack(version, params, catalog, currencies, alertKinds, container, clock.instant(), names,
                params.unused(usedParameters));
        List<CompileError> probeErrors = PackProbe.run(pack);
        if (!probeErrors.isEmpty()) {
            pack.close();
            throw new RulePackRejected(probeErrors);
        }
        return pack;
    }

    /** The content hash of a rules directory: the same files give the same version on any machine. */
    public static String versionOf(Path dir) {
        return versionOf(contents(dir));
    }

    /**
     * The content hash of a pack's files, by name in {@link #inputs} order: what {@link #versionOf(Path)}
     * gives for a directory holding exactly these files (a published pack is checked against it).
     */
    public static String versionOf(Map<String, byte[]> files) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (Map.Entry<String, byte[]> file : files.entrySet()) {
                sha.update(file.getKey().getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
                sha.update(file.getValue());
                sha.update((byte) 0);
            }
            return HexFormat.of().formatHex(sha.digest()).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every pack file of {@code dir} by its name, in {@link #inputs} order. */
    public static Map<String, byte[]> contents(Path dir) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        try {
            for (Path p : inputs(dir)) {
                files.put(dir.relativize(p).toString(), Files.readAllBytes(p));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }

    /** Whether {@code name} is one a pack file may have: a DRL file or one of the data files, in the directory itself. */
    public static boolean packFileName(String name) {
        return !name.isEmpty() && !name.contains("/") && !name.contains("\\") && !name.startsWith(".")
                && (name.endsWith(".drl") || DATA_FILES.contains(name));
    }

    /** Every file that makes up a pack, in a stable order. */
    public static List<Path> inputs(Path dir) {
        List<Path> all = new ArrayList<>(list(dir, ".drl"));
        for (String name : DATA_FILES) {
            if (Files.isRegularFile(dir.resolve(name))) {
                all.add(dir.resolve(name));
            }
        }
        return all;
    }

    /** Compiles DRL text as given: the policy has run before this (tests call it directly to stand in for a policy miss). */
    static KieContainer compile(Path dir, Map<Path, String> drlFiles, List<CompileError> errors) {
        KieServices ks = KieServices.get();
        ReleaseId releaseId = ks.newReleaseId("dev.riskgate", "rule-pack", "1.0." + BUILDS.incrementAndGet());
        KieFileSystem kfs = ks.newKieFileSystem().generateAndWritePomXML(releaseId);
        drlFiles.forEach((drl, text) -> kfs.write("src/main/resources/riskgate/rules/" + drl.getFileName(), text));
        KieBuilder builder = ks.newKieBuilder(kfs).buildAll();
        List<Message> messages = builder.getResults().getMessages(Message.Level.ERROR);
        if (!messages.isEmpty()) {
            for (Message m : messages) {
                String file = m.getPath() == null ? null : Path.of(m.getPath()).getFileName().toString();
                String text = file == null ? null : drlFiles.get(dir.resolve(file));
                Integer line = m.getLine() > 0 ? m.getLine() : text == null ? null : DrlText.lineQuoted(text, m.getText());
                String rule = text == null || line == null ? null : DrlText.ruleAt(text, line);
                errors.add(new CompileError(file == null ? dir.toString() : file, line, rule, m.getText().trim()));
            }
            ks.getRepository().removeKieModule(releaseId);
            return null;
        }
        KieContainer container = ks.newKieContainer(releaseId);
        // The container keeps what it needs; the repository copy would otherwise grow with every reload.
        ks.getRepository().removeKieModule(releaseId);
        audit(dir, drlFiles, container, errors);
        if (!errors.isEmpty()) {
            container.dispose();
            return null;
        }
        return container;
    }

    /**
     * Reads every class the pack compiled to, before anything of it runs: see {@link CompiledCodeAudit}.
     * The classes are defined by now (building the knowledge base does that) but none has been called.
     */
    private static void audit(Path dir, Map<Path, String> drlFiles, KieContainer container, List<CompileError> errors) {
        for (KiePackage pkg : container.getKieBase().getKiePackages()) {
            DialectRuntimeData data = ((InternalKnowledgePackage) pkg).getDialectRuntimeRegistry().getDialectData("java");
            if (!(data instanceof JavaDialectRuntimeData java)) {
                continue;
            }
            Map<String, byte[]> store = java.getStore();
            Set<String> generated = new HashSet<>();
            store.keySet().forEach(name -> generated.add(name.replaceFirst("\\.class$", "")));
            store.forEach((name, bytes) -> {
                Rule rule = ruleOf(pkg, name);
                Path file = rule == null ? null : DrlText.fileOf(drlFiles, rule.getName());
                for (String refused : CompiledCodeAudit.check(bytes, generated)) {
                    errors.add(new CompileError(file == null ? dir.toString() : dir.relativize(file).toString(),
                            file == null ? null : DrlText.lineOf(drlFiles.get(file), rule.getName()),
                            rule == null ? null : rule.getName(),
                            "the compiled code " + refused + ", which rules may not use"));
                }
            });
        }
    }

    /**
     * The rule a generated class belongs to: Drools names it Rule_, then the rule's name with spaces as '_'
     * and other characters as $u<code>$, then a hash.
     */
    private static Rule ruleOf(KiePackage pkg, String className) {
        String simple = className.substring(className.lastIndexOf('/') + 1);
        Rule best = null;
        for (Rule rule : pkg.getRules()) {
            StringBuilder mangled = new StringBuilder("Rule_");
            rule.getName().chars().forEach(c -> mangled.append(c == ' ' ? "_"
                    : Character.isJavaIdentifierPart(c) && c != '$' ? String.valueOf((char) c) : "$u" + c + "$"));
            if (simple.startsWith(mangled.toString()) && (best == null || rule.getName().length() > best.getName().length())) {
                best = rule;
            }
        }
        return best;
    }

    /**
     * Every rule declares its family ({@code @family("velocity")}): caps and reports group rules by it, so
     * it is stated, not parsed from the rule's name. Every {@code cap.<family>} must name a family in use.
     */
    private static void checkFamilies(Path dir, Map<Path, String> drlFiles, KieContainer container, Parameters params,
                                      List<CompileError> errors) {
        Set<String> families = new HashSet<>();
        Map<String, String> familyOf = new HashMap<>();
        for (KiePackage pkg : container.getKieBase().getKiePackages()) {
            for (Rule rule : pkg.getRules()) {
                Object mode = rule.getMetaData().get(RulePack.MODE);
                if (mode != null && !RulePack.LOG_ONLY.equals(mode)) {
                    Path file = DrlText.fileOf(drlFiles, rule.getName());
                    errors.add(new CompileError(file == null ? dir.toString() : dir.relativize(file).toString(),
                            file == null ? null : DrlText.lineOf(drlFiles.get(file), rule.getName()), rule.getName(),
                            "@mode must be \"log\" (the rule fires and is logged and counted, but adds no points), "
                                    + "or left out; was '" + mode + "'"));
                }
                Object family = rule.getMetaData().get(RulePack.FAMILY);
                if (family instanceof String f && FAMILY_NAME.matcher(f).matches()) {
                    families.add(f);
                    familyOf.put(rule.getName(), f);
                } else {
                    Path file = DrlText.fileOf(drlFiles, rule.getName());
                    errors.add(new CompileError(file == null ? dir.toString() : dir.relativize(file).toString(),
                            file == null ? null : DrlText.lineOf(drlFiles.get(file), rule.getName()), rule.getName(),
                            "every rule declares its family, e.g. @family(\"velocity\") after its name (lower case, "
                                    + "letters, digits and _), was " + (family == null ? "missing" : "'" + family + "'")));
                }
            }
        }
        for (String family : params.familyCaps().keySet()) {
            if (!families.isEmpty() && !families.contains(family)) {
                errors.add(new CompileError(Parameters.FILE, null, null,
                        "cap." + family + " names no family in use; families are " + new TreeSet<>(families)));
            }
        }
        Map<String, Double> floors = params.familyFloors();
        floors.forEach((family, floor) -> {
            if (!families.isEmpty() && !families.contains(family)) {
                errors.add(new CompileError(Parameters.FILE, null, null,
                        "floor." + family + " names no family in use; families are " + new TreeSet<>(families)));
            } else if (floor > 0) {
                errors.add(new CompileError(Parameters.FILE, null, null,
                        "floor." + family + " is " + floor + ": a floor is how far a family may go below zero, 0 or less"));
            }
        });
        drlFiles.forEach((drl, text) -> DrlText.checkNegativePoints(dir.relativize(drl).toString(), text, params,
                familyOf, floors, errors));
    }

    private static final Pattern FAMILY_NAME = Pattern.compile("[a-z][a-z0-9_]*");

    private static List<Path> list(Path dir, String suffix) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(suffix) && Files.isRegularFile(p))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }


}
