package dev.riskgate.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.riskgate.TestPaths;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The DRL global {@code alert} passes the pack policy with its one action, {@code raise}, and nothing else
 * of it; a kind a rule raises is a quoted word the pack declares.
 */
class AlertGlobalTest {

    private static final String DRL = """
            package riskgate.rules;

            import dev.riskgate.rules.facts.WalletEvent;

            global dev.riskgate.rules.Parameters params;
            global dev.riskgate.rules.Alerts alert;

            rule "probe: alert" @family("probe")
            when
                WalletEvent($id : accountId)
            then
                %s
            end
            """;

    @TempDir
    Path dir;

    @Test
    void aRuleMayRaiseAnAlert() throws Exception {
        assertThat(check("alert.raise(\"top-up-burst\", String.format(\"%s tops up\", $id));")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"alert.toString();", "alert.hashCode();", "alert.getClass().getName();",
            "alert.raised();", "alert.equals(null);"})
    void nothingElseOfTheGlobalIsCallable(String then) throws Exception {
        assertThat(check(then)).isNotEmpty();
    }

    @Test
    void noOtherGlobalTypeMayBeNamedAlert() throws Exception {
        Path drl = Files.writeString(dir.resolve("probe.drl"), DRL.formatted("alert.add(1, \"x\");")
                .replace("dev.riskgate.rules.Alerts alert", "dev.riskgate.rules.Scorecard alert"));
        List<CompileError> errors = new ArrayList<>();
        DrlPolicy.check(dir, List.of(drl), errors);
        assertThat(errors).anySatisfy(e -> assertThat(e.message()).contains("the only globals are"));
    }

    @Test
    void aKindThePackDoesNotDeclareIsRefusedWithFileAndLine() throws Exception {
        Path rules = packWith("alert.raise(\"top-up-brust\", \"x\");");
        assertThatThrownBy(() -> new RulePackLoader(Clock.systemUTC()).load(rules)).isInstanceOf(RulePackRejected.class)
                .satisfies(e -> assertThat(((RulePackRejected) e).errors()).singleElement().satisfies(error -> {
                    assertThat(error.file()).isEqualTo("probe.drl");
                    assertThat(error.line()).isEqualTo(12);
                    assertThat(error.message()).contains("'top-up-brust' is not declared in alerts.kinds", "top-up-burst");
                }));
    }

    @Test
    void aKindComputedAtRunTimeIsRefused() throws Exception {
        Path rules = packWith("alert.raise($id, \"x\");");
        assertThatThrownBy(() -> new RulePackLoader(Clock.systemUTC()).load(rules)).isInstanceOf(RulePackRejected.class)
                .satisfies(e -> assertThat(((RulePackRejected) e).errors())
                        .anySatisfy(error -> assertThat(error.message()).contains("names its kind as a quoted word")));
    }

    @Test
    void switchingOffAKindThePackDoesNotDeclareIsRefused() throws Exception {
        Path rules = TestPaths.copyRules(dir.resolve("rules"));
        Path params = rules.resolve(Parameters.FILE);
        Files.writeString(params, Files.readString(params).replace("alerts.off =", "alerts.off = blcok"));
        assertThatThrownBy(() -> new RulePackLoader(Clock.systemUTC()).load(rules)).isInstanceOf(RulePackRejected.class)
                .satisfies(e -> assertThat(((RulePackRejected) e).errors()).singleElement()
                        .satisfies(error -> assertThat(error.message()).contains("'blcok'", "does not declare")));
    }

    @Test
    void theShippedPackDeclaresItsKinds() throws Exception {
        try (RulePack pack = new RulePackLoader(Clock.systemUTC()).load(TestPaths.rules())) {
            assertThat(pack.alertKinds().declared()).contains("unfamiliar-device-top-up", "unfamiliar-device-resale",
                    "top-up-burst", AlertKinds.STEP_UP, AlertKinds.BLOCK);
            assertThat(pack.alertKinds().off()).isEmpty();
        }
    }

    private List<CompileError> check(String then) throws Exception {
        Path drl = Files.writeString(dir.resolve("probe.drl"), DRL.formatted(then));
        List<CompileError> errors = new ArrayList<>();
        DrlPolicy.check(dir, List.of(drl), errors);
        return errors;
    }

    private Path packWith(String then) throws Exception {
        Path rules = TestPaths.copyRules(dir.resolve("rules"));
        Files.writeString(rules.resolve("probe.drl"), DRL.formatted(then));
        return rules;
    }
}
