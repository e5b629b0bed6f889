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
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.kie.api.KieServices;
import org.kie.api.builder.KieBuilder;
import org.kie.api.builder.KieFileSystem;
import org.kie.api.builder.Message;
import org.kie.api.builder.ReleaseId;
import org.kie.api.runtime.KieContainer;

/**
 * Compiles a rules directory into a {@link RulePack}: every {@code *.drl} file, the parameter file and
 * the resale goods list. Slow (seconds cold, hundreds of ms warm): never call it on an event loop.
 */
public final class RulePackLoader {

    private static final Pattern PARAM_USE = Pattern.compile("params\\.get\\(\\s*\"([^\"]+)\"\\s*\\)");
    private static final Pattern RULE_START = Pattern.compile("^\\s*rule\\s+\"([^\"]+)\"");
    /** Each build gets its own release id so a rebuild never reuses, or leaks into, an older module. */
    private static final AtomicLong BUILDS = new AtomicLong();

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
        for (Path drl : drlFiles) {
            checkParameterUses(dir, drl, params, errors);
            checkEnumComparisons(dir, drl, errors);
        }
        // Before compiling (compiling alone may evaluate constant expressions), and the very text checked is
        // what gets compiled: a file swapped in between would otherwise skip the policy.
        Map<Path, String> checked = DrlPolicy.check(dir, drlFiles, errors);
        if (!errors.isEmpty()) {
            throw new RulePackRejected(errors);
        }
        KieContainer container = compile(dir, checked, errors);
        if (!errors.isEmpty()) {
            throw new RulePackRejected(errors);
        }
        checkFamilies(dir, drlFiles, container, params, errors);
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
        RulePack pack = new RulePack(version, params, catalog, container, clock.instant(), names);
        List<CompileError> probeErrors = PackProbe.run(pack);
        if (!probeErrors.isEmpty()) {
            pack.close();
            throw new RulePackRejected(probeErrors);
        }
        return pack;
    }

    /** The content hash of a rules directory: the same files give the same version on any machine. */
    public static String versionOf(Path dir) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (Path p : inputs(dir)) {
                sha.update(dir.relativize(p).toString().getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
                sha.update(Files.readAllBytes(p));
                sha.update((byte) 0);
            }
            return HexFormat.of().formatHex(sha.digest()).substring(0, 12);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every file that makes up a pack, in a stable order. */
    public static List<Path> inputs(Path dir) {
        List<Path> all = new ArrayList<>(list(dir, ".drl"));
        for (String name : List.of(Parameters.FILE, ResaleCatalog.CATEGORY_FILE, ResaleCatalog.SKU_FILE)) {
            if (Files.isRegularFile(dir.resolve(name))) {
                all.add(dir.resolve(name));
            }
        }
        return all;
    }

    private static KieContainer compile(Path dir, Map<Path, String> drlFiles, List<CompileError> errors) {
        KieServices ks = KieServices.get();
        ReleaseId releaseId = ks.newReleaseId("dev.riskgate", "rule-pack", "1.0." + BUILDS.incrementAndGet());
        KieFileSystem kfs = ks.newKieFileSystem().generateAndWritePomXML(releaseId);
        drlFiles.forEach((drl, text) -> kfs.write("src/main/resources/riskgate/rules/" + drl.getFileName(), text));
        KieBuilder builder = ks.newKieBuilder(kfs).buildAll();
        List<Message> messages = builder.getResults().getMessages(Message.Level.ERROR);
        if (!messages.isEmpty()) {
            for (Message m : messages) {
                String file = m.getPath() == null ? null : Path.of(m.getPath()).getFileName().toString();
                Integer line = m.getLine() > 0 ? m.getLine() : file == null ? null : lineQuoted(dir.resolve(file), m.getText());
                String rule = file == null || line == null ? null : ruleAt(dir.resolve(file), line);
                errors.add(new CompileError(file == null ? dir.toString() : file, line, rule, m.getText().trim()));
            }
            ks.getRepository().removeKieModule(releaseId);
            return null;
        }
        KieContainer container = ks.newKieContainer(releaseId);
        // The container keeps what it needs; the repository copy would otherwise grow with every reload.
        ks.getRepository().removeKieModule(releaseId);
        return container;
    }

    /**
     * Every rule declares its family ({@code @family("velocity")}): caps and reports group rules by it, so
     * it is stated, not parsed from the rule's name. Every {@code cap.<family>} must name a family in use.
     */
    private static void checkFamilies(Path dir, List<Path> drlFiles, KieContainer container, Parameters params,
                                      List<CompileError> errors) {
        java.util.Set<String> families = new java.util.HashSet<>();
        for (org.kie.api.definition.KiePackage pkg : container.getKieBase().getKiePackages()) {
            for (org.kie.api.definition.rule.Rule rule : pkg.getRules()) {
                Object family = rule.getMetaData().get(RulePack.FAMILY);
                if (family instanceof String f && FAMILY_NAME.matcher(f).matches()) {
                    families.add(f);
                } else {
                    Path file = fileOf(dir, drlFiles, rule.getName());
                    errors.add(new CompileError(file == null ? dir.toString() : dir.relativize(file).toString(),
                            file == null ? null : lineOf(file, rule.getName()), rule.getName(),
                            "every rule declares its family, e.g. @family(\"velocity\") after its name (lower case, "
                                    + "letters, digits and _), was " + (family == null ? "missing" : "'" + family + "'")));
                }
            }
        }
        for (String family : params.familyCaps().keySet()) {
            if (!families.isEmpty() && !families.contains(family)) {
                errors.add(new CompileError(Parameters.FILE, null, null,
                        "cap." + family + " names no family in use; families are " + new java.util.TreeSet<>(families)));
            }
        }
    }

    private static final Pattern FAMILY_NAME = Pattern.compile("[a-z][a-z0-9_]*");

    private static Path fileOf(Path dir, List<Path> drlFiles, String ruleName) {
        for (Path drl : drlFiles) {
            if (lineOf(drl, ruleName) != null) {
                return drl;
            }
        }
        return null;
    }

    private static Integer lineOf(Path drl, String ruleName) {
        List<String> lines = lines(drl);
        for (int i = 0; i < lines.size(); i++) {
            Matcher m = RULE_START.matcher(lines.get(i));
            if (m.find() && m.group(1).equals(ruleName)) {
                return i + 1;
            }
        }
        return null;
    }

    /**
     * Some Drools errors (an unknown enum constant, say) carry no line; the expression they quote does,
     * when it appears on exactly one line of the file.
     */
    private static Integer lineQuoted(Path drl, String message) {
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

    private static final Pattern QUOTED_EXPRESSION = Pattern.compile("Unable to Analyse Expression (.+?):\\s*\\[", Pattern.DOTALL);

    /**
     * A field typed by an enum ({@code scope}, {@code goods}) compared with text compiles, and then never
     * matches: {@code scope == "acount"} would silently switch a rule off. Refused with file and line.
     */
    private static void checkEnumComparisons(Path dir, Path drl, List<CompileError> errors) {
        List<String> lines = lines(drl);
        String rule = null;
        for (int i = 0; i < lines.size(); i++) {
            Matcher start = RULE_START.matcher(lines.get(i));
            if (start.find()) {
                rule = start.group(1);
            }
            Matcher m = TEXT_COMPARISON.matcher(lines.get(i));
            while (m.find()) {
                Class<?> type = ENUM_FIELDS.get(m.group(1));
                if (type != null) {
                    errors.add(new CompileError(dir.relativize(drl).toString(), i + 1, rule,
                            m.group(1) + " is a " + type.getSimpleName() + ", not text: write " + type.getSimpleName() + "."
                                    + type.getEnumConstants()[0] + " (one of " + java.util.Arrays.toString(type.getEnumConstants())
                                    + "), not \"" + m.group(2) + "\""));
                }
            }
        }
    }

    private static final Pattern TEXT_COMPARISON = Pattern.compile("\\b(\\w+)\\s*[!=]=\\s*\"([^\"]*)\"");
    private static final java.util.Map<String, Class<?>> ENUM_FIELDS = enumFields();

    private static java.util.Map<String, Class<?>> enumFields() {
        java.util.Map<String, Class<?>> fields = new java.util.HashMap<>();
        for (Class<? extends Record> type : dev.riskgate.rules.facts.FactTypes.ALL) {
            for (java.lang.reflect.RecordComponent c : type.getRecordComponents()) {
                if (c.getType().isEnum()) {
                    fields.put(c.getName(), c.getType());
                }
            }
        }
        return java.util.Map.copyOf(fields);
    }

    /** Every {@code params.get("...")} a DRL file makes must name a parameter the pack defines. */
    private static void checkParameterUses(Path dir, Path drl, Parameters params, List<CompileError> errors) {
        List<String> lines = lines(drl);
        String rule = null;
        for (int i = 0; i < lines.size(); i++) {
            Matcher start = RULE_START.matcher(lines.get(i));
            if (start.find()) {
                rule = start.group(1);
            }
            Matcher use = PARAM_USE.matcher(lines.get(i));
            while (use.find()) {
                if (!params.has(use.group(1))) {
                    errors.add(new CompileError(dir.relativize(drl).toString(), i + 1, rule,
                            "unknown parameter '" + use.group(1) + "' (not in " + Parameters.FILE + ")"));
                }
            }
        }
    }

    private static String ruleAt(Path drl, int line) {
        if (!Files.isRegularFile(drl)) {
            return null;
        }
        List<String> lines = lines(drl);
        for (int i = Math.min(line, lines.size()) - 1; i >= 0; i--) {
            Matcher m = RULE_START.matcher(lines.get(i));
            if (m.find()) {
                return m.group(1);
            }
        }
        return null;
    }

    private static List<Path> list(Path dir, String suffix) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(suffix) && Files.isRegularFile(p))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> lines(Path p) {
        try {
            return Files.readAllLines(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
