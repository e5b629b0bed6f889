package dev.riskgate.scenarios;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.riskgate.ShippedPack;
import dev.riskgate.rules.RulePack;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScenarioRunnerTest {

    private static final RulePack pack = ShippedPack.get();

    @TempDir
    Path dir;

    @Test
    void refusesARuleNameThePackDoesNotHaveWithTheNearestOne() throws Exception {
        Path file = Files.writeString(dir.resolve("typo.yaml"), """
                name: "a misspelt must-not-fire rule"
                start: "2019-07-01T10:00:00+09:00"
                steps:
                  - event: {id: e1, type: charge, at: 0m, accountId: a, deviceId: d, amount: 500, currency: JPY}
                    expect: {notFired: ["velocity: burst of charges on the acount"]}
                """);

        assertThatThrownBy(() -> new ScenarioRunner(pack).run(ScenarioFile.load(file)))
                .isInstanceOf(ScenarioFile.InvalidScenario.class)
                .hasMessageContaining("typo.yaml step 1 (event e1): expect.notFired names \"velocity: burst of charges on the acount\"")
                .hasMessageContaining("did you mean \"velocity: burst of charges on the account\"?");
    }

    @Test
    void answersEveryEventStepCheckedOrNot() throws Exception {
        Path file = Files.writeString(dir.resolve("two.yaml"), """
                name: "two steps, one checked"
                start: "2019-07-01T10:00:00+09:00"
                defaults: {accountId: a, deviceId: d, currency: JPY}
                steps:
                  - event: {id: e1, type: charge, at: 0m, amount: 500}
                  - event: {id: e2, type: charge, at: 1m, amount: 500}
                    expect: {scoreMax: 100}
                """);

        ScenarioRunner.Result result = new ScenarioRunner(pack).run(ScenarioFile.load(file));

        assertThat(result.checked()).isEqualTo(1);
        assertThat(result.answers()).extracting(ScenarioRunner.Answer::step, ScenarioRunner.Answer::checked)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("two.yaml step 1 (event e1)", false),
                        org.assertj.core.groups.Tuple.tuple("two.yaml step 2 (event e2)", true));
    }
}
