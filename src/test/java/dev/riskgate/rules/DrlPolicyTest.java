package dev.riskgate.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.riskgate.TestPaths;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A rules directory is code that runs inside the service; these are the ways a dropped-in file could
 * run its own, each refused with the file, the line and the rule before anything is compiled.
 */
class DrlPolicyTest {

    private static final String HEADER = """
            package riskgate.rules;

            import dev.riskgate.rules.facts.WalletEvent;

            global dev.riskgate.rules.Parameters params;
            global dev.riskgate.rules.Scorecard score;

            """;

    private final RulePackLoader loader = new RulePackLoader(Clock.systemUTC());

    @TempDir
    Path dir;

    @Test
    void acceptsTheShippedPack() {
        List<CompileError> errors = new ArrayList<>();
        DrlPolicy.check(TestPaths.rules(), RulePackLoader.inputs(TestPaths.rules()).stream()
                .filter(p -> p.toString().endsWith(".drl")).toList(), errors);
        assertThat(errors).isEmpty();
    }

    @Test
    void acceptsJavaTimeMathAndBoxedNumbers() throws IOException {
        Path drl = write("time.drl", HEADER.replace("import dev", "import java.time.Duration;\nimport dev") + """
                rule "time: allowed helpers"
                when
                    WalletEvent($amount : amount, Math.abs(amount) > Double.valueOf(1))
                then
                    double minutes = Duration.ofHours(1).toMinutes();
                    score.add(Math.min(1, minutes), String.format("%s %s", Integer.toString(1), java.time.ZoneOffset.UTC));
                end
                """);
        assertThat(policyErrors(drl)).isEmpty();
    }

    @Test
    void rejectsRuntimeExec() throws IOException {
        Path marker = dir.resolve("ran");
        rejected(rule("exec: runs a program", "Runtime.getRuntime().exec(new String[] {\"touch\", \"" + marker + "\"});"),
                12, "exec: runs a program", "Runtime");
        assertThat(marker).doesNotExist();
    }

    @Test
    void rejectsFullyQualifiedSystemExitWithoutImport() throws IOException {
        rejected(rule("exit: stops the service", "java.lang.System.exit(1);"), 12, "exit: stops the service", "java.lang.System");
    }

    @Test
    void rejectsAFunction() throws IOException {
        Path drl = write("function.drl", HEADER + """
                function int twice(int x) {
                    return x * 2;
                }
                """ + rule("function: calls it", "score.add(twice(1), \"doubled\");"));
        assertThat(policyErrors(drl)).anySatisfy(e -> {
            assertThat(e.file()).isEqualTo("function.drl");
            assertThat(e.line()).isEqualTo(8);
            assertThat(e.message()).contains("function twice");
        });
    }

    @Test
    void rejectsReflection() throws IOException {
        rejected(rule("reflection: loads a class", "score.add(1, \"x\".getClass().forName(\"java.lang.Runtime\").toString());"),
                12, "reflection: loads a class", "getClass");
    }

    @Test
    void rejectsNewFile() throws IOException {
        rejected(rule("file: deletes one", "new java.io.File(\"/tmp/x\").delete();"), 12, "file: deletes one", "new java.io.File");
    }

    @Test
    void rejectsCodeInAConstraint() throws IOException {
        Path drl = write("constraint.drl", HEADER + """
                rule "constraint: exits while matching"
                when
                    WalletEvent(amount > 0,
                                amount > System.currentTimeMillis())
                then
                    score.add(1, "never");
                end
                """);
        assertThat(policyErrors(drl)).singleElement().satisfies(e -> {
            assertThat(e.line()).isEqualTo(11);
            assertThat(e.rule()).isEqualTo("constraint: exits while matching");
            assertThat(e.message()).contains("System");
        });
    }

    @Test
    void rejectsImportsOutsideTheAllowList() throws IOException {
        Path drl = write("imports.drl", HEADER.replace("import dev", "import java.io.File;\nimport function java.lang.System.exit;\nimport dev")
                + rule("imports: nothing else", "score.add(1, \"x\");"));
        assertThat(policyErrors(drl)).extracting(CompileError::line).containsExactlyInAnyOrder(3, 4);
    }

    @Test
    void rejectsOtherGlobalsDeclaredTypesAndEngineAccess() throws IOException {
        Path drl = write("engine.drl", HEADER + """
                global java.util.List sink;

                declare Loot
                    amount : double
                end

                """ + rule("engine: inserts a fact", "insert(new WalletEvent(null, null, null, null, null, 0, null, null, null, 0));")
                + rule("engine: reaches the session", "drools.getKieRuntime().halt();"));
        assertThat(policyErrors(drl)).extracting(e -> e.line() + " " + e.message())
                .anySatisfy(m -> assertThat(m).startsWith("8 ").contains("global java.util.List sink"))
                .anySatisfy(m -> assertThat(m).startsWith("10 ").contains("declare Loot"))
                .anySatisfy(m -> assertThat(m).startsWith("18 ").contains("insert"))
                .anySatisfy(m -> assertThat(m).startsWith("25 ").contains("drools."));
    }

    @Test
    void rejectsCodeInAttributesAccumulatesAndFromSources() throws IOException {
        Path drl = write("hidden.drl", HEADER + """
                rule "hidden: in attributes, accumulate and from"
                    salience (Runtime.getRuntime().availableProcessors())
                when
                    WalletEvent() from org.example.Feed.events()
                    $t : Object() from accumulate(WalletEvent($v : amount), init(double t = 0;), action(t += $v;), result(t))
                then
                    score.add(1, "x");
                end
                """);
        assertThat(policyErrors(drl)).extracting(CompileError::line).containsExactlyInAnyOrder(9, 11, 12);
    }

    @Test
    void rejectsCodeInARuleAnnotationWhichRunsWhileCompiling() throws IOException {
        Path drl = write("annotation.drl", HEADER + """
                rule "annotation: runs at build time" @family("velocity") @note(Runtime.getRuntime().exec("true"))
                when
                    WalletEvent() @watch(amount)
                then
                    score.add(1, "x");
                end
                """);
        assertThat(policyErrors(drl)).singleElement().satisfies(matches("annotation.drl", 8, "annotation: runs at build time", "Runtime"));
    }

    @Test
    void rejectsNamesThatCouldPoseAsAPackage() throws IOException {
        Path drl = write("package.drl", HEADER + """
                rule "package: a binding called java"
                when
                    WalletEvent(java : accountId)
                then
                    String org = "x";
                    score.add(1, java.nio.file.Files.readString(null));
                end
                """);
        // 13: with 'java' bound to a String, java.nio is a field String does not have
        assertThat(policyErrors(drl)).extracting(CompileError::line).containsExactlyInAnyOrder(10, 12, 13);
    }

    @Test
    void rejectsAWindowDeclaration() throws IOException {
        Path drl = write("window.drl", HEADER + """
                declare window Recent
                    WalletEvent() over window:length(10)
                end
                """);
        assertThat(policyErrors(drl)).singleElement().satisfies(e -> {
            assertThat(e.line()).isEqualTo(8);
            assertThat(e.message()).contains("declare window Recent");
        });
    }

    @Test
    void rejectsUnicodeEscapesThatCouldHideCode() throws IOException {
        Path drl = write("escape.drl", HEADER + rule("escape: hides a quote",
                "score.add(1, \"a\\u0022 + System.getenv() + \\u0022\");"));
        assertThat(policyErrors(drl)).singleElement().satisfies(e -> assertThat(e.message()).contains("unicode escapes"));
    }

    @Test
    void namesInMessagesAreNotCode() throws IOException {
        Path drl = write("message.drl", HEADER + rule("message: mentions Runtime", "score.add(1, \"Runtime.getRuntime() // not code\");"));
        assertThat(policyErrors(drl)).isEmpty();
    }

    @Test
    void loaderRejectsTheWholePackBeforeCompilingIt() throws IOException {
        TestPaths.copyRules(dir);
        write("zz-exec.drl", HEADER + rule("exec: runs a program", "Runtime.getRuntime().exec(\"true\");"));
        assertThatThrownBy(() -> loader.load(dir)).isInstanceOfSatisfying(RulePackRejected.class, e ->
                assertThat(e.errors()).singleElement().satisfies(err -> {
                    assertThat(err.file()).isEqualTo("zz-exec.drl");
                    assertThat(err.line()).isEqualTo(12);
                })
        );
    }

    private static String rule(String name, String consequence) {
        return """
                rule "%s"
                when
                    WalletEvent()
                then
                    %s
                end

                """.formatted(name, consequence);
    }

    private void rejected(String ruleText, int line, String rule, String mentions) throws IOException {
        Path drl = write("dropped-in.drl", HEADER + ruleText);
        assertThat(policyErrors(drl)).singleElement().satisfies(matches("dropped-in.drl", line, rule, mentions));
    }

    private static Consumer<CompileError> matches(String file, int line, String rule, String mentions) {
        return e -> {
            assertThat(e.file()).isEqualTo(file);
            assertThat(e.line()).isEqualTo(line);
            assertThat(e.rule()).isEqualTo(rule);
            assertThat(e.message()).contains(mentions);
        };
    }

    private List<CompileError> policyErrors(Path drl) {
        List<CompileError> errors = new ArrayList<>();
        DrlPolicy.check(dir, List.of(drl), errors);
        return errors;
    }

    private Path write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }
}
