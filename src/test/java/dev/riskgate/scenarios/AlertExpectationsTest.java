package dev.riskgate.scenarios;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.riskgate.TestPaths;
import dev.riskgate.rules.RulePack;
import dev.riskgate.rules.RulePackLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Scenario files expect alerts by kind, as strictly as they name rules: every such check can fail. */
class AlertExpectationsTest {

    private static final String SCENARIO = """
            name: "alert probe"
            start: "2019-07-04T11:00:00+09:00"
            defaults: {accountId: probe, currency: JPY, fundingSource: card}
            steps:
              - event: {id: h, type: purchase, at: -10d, deviceId: owner, storeId: s, amount: 1500}
                repeat: {times: 10, every: 1d}
              - event: {id: thief, type: charge, at: 0m, deviceId: thief, amount: 30000}
                expect: %s
            """;

    @TempDir
    Path dir;

    @Test
    void aKindThePackDoesNotDeclareRefusesTheFileWithTheNearestKind() throws Exception {
        try (RulePack pack = load(TestPaths.rules())) {
            assertThatThrownBy(() -> run(pack, "{alerts: [unfamiliar-device-topup]}"))
                    .isInstanceOf(ScenarioFile.InvalidScenario.class)
                    .hasMessageContaining("alert kind \"unfamiliar-device-topup\"")
                    .hasMessageContaining("did you mean \"unfamiliar-device-top-up\"?");
            assertThatThrownBy(() -> run(pack, "{notAlerted: [blocked]}"))
                    .isInstanceOf(ScenarioFile.InvalidScenario.class).hasMessageContaining("\"blocked\"");
        }
    }

    @Test
    void checksThatCheckNothingAreRefused() {
        assertThatThrownBy(() -> file("{noAlerts: false}")).isInstanceOf(ScenarioFile.InvalidScenario.class)
                .hasMessageContaining("noAlerts: false checks nothing");
        assertThatThrownBy(() -> file("{noAlerts: true, alerts: [block]}")).isInstanceOf(ScenarioFile.InvalidScenario.class)
                .hasMessageContaining("contradict");
        assertThatThrownBy(() -> file("{alerts: []}")).isInstanceOf(ScenarioFile.InvalidScenario.class)
                .hasMessageContaining("non-empty list of alert kinds");
    }

    @Test
    void expectationsHoldOnTheShippedPackAndFailWhenTheKindIsSwitchedOff() throws Exception {
        String expect = "{alerts: [unfamiliar-device-top-up, step-up], notAlerted: [top-up-burst]}";
        try (RulePack pack = load(TestPaths.rules())) {
            assertThat(run(pack, expect).failures()).isEmpty();
            assertThat(run(pack, "{noAlerts: true}").failures()).singleElement()
                    .satisfies(f -> assertThat(f.mismatches()).singleElement().asString()
                            .startsWith("no alert expected, raised: step-up"));
        }
        Path off = TestPaths.copyRules(dir.resolve("off"));
        Path params = off.resolve("parameters.properties");
        Files.writeString(params, Files.readString(params).replace("alerts.off =", "alerts.off = unfamiliar-device-top-up"));
        try (RulePack pack = load(off)) {
            assertThat(run(pack, expect).failures()).singleElement()
                    .satisfies(f -> assertThat(f.mismatches()).containsExactly(
                            "alert expected was not raised: unfamiliar-device-top-up (raised: [step-up])"));
        }
    }

    private ScenarioRunner.Result run(RulePack pack, String expect) throws Exception {
        return new ScenarioRunner(pack).run(file(expect));
    }

    private Scenario file(String expect) throws Exception {
        return ScenarioFile.load(Files.writeString(dir.resolve("probe.yaml"), SCENARIO.formatted(expect)));
    }

    private static RulePack load(Path rules) throws Exception {
        return new RulePackLoader(Clock.systemUTC()).load(rules);
    }
}
