package dev.riskgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.riskgate.TestPaths;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code riskgate test --verbose}: a passing step's answer is visible without writing a wrong expectation. */
class TestCommandVerboseTest {

    @Test
    void printsEveryEventStepsAnswerOnlyWhenVerbose(@TempDir Path cases) throws Exception {
        Files.writeString(cases.resolve("two.yaml"), """
                name: "a history step and a checked one"
                start: "2019-07-01T10:00:00+09:00"
                defaults: {accountId: a, deviceId: d, currency: JPY}
                steps:
                  - event: {id: first, type: charge, at: 0m, amount: 500}
                  - event: {id: second, type: charge, at: 1m, amount: 500}
                    expect: {decision: ALLOW}
                """);

        Cli verbose = Cli.run("test", "--verbose", "--rules", TestPaths.rules().toString(), cases.toString());
        Cli quiet = Cli.run("test", "--rules", TestPaths.rules().toString(), cases.toString());

        assertThat(verbose.exit()).as(verbose.out() + verbose.err()).isZero();
        assertThat(verbose.out()).containsPattern("\\s+two.yaml step 1 \\(event first\\): ALLOW score \\d+ fired \\[")
                .containsPattern("checked two.yaml step 2 \\(event second\\): ALLOW score \\d+ fired \\[");
        assertThat(quiet.out()).doesNotContain("step 1 (event first)");
    }

    @Test
    void refusesAScenarioNamingARuleThePackLacks(@TempDir Path cases) throws Exception {
        Files.writeString(cases.resolve("typo.yaml"), """
                name: "a misspelt rule"
                start: "2019-07-01T10:00:00+09:00"
                steps:
                  - event: {id: e1, type: charge, at: 0m, accountId: a, deviceId: d, amount: 500, currency: JPY}
                    expect: {notFired: ["velocity: burst of charge on the account"]}
                """);

        Cli run = Cli.run("test", "--rules", TestPaths.rules().toString(), cases.toString());

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out()).contains("ERROR").contains("which is no rule of pack").contains("0 passed, 1 failed");
    }
}
