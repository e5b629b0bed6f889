package dev.riskgate.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import dev.riskgate.ShippedPack;
import dev.riskgate.TestPaths;
import dev.riskgate.rules.CompileError;
import dev.riskgate.rules.RulePack;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The gate a candidate pack passes before it serves: the shipped cases, run as `riskgate test` runs them. */
class ScenarioGateTest {

    private static final RulePack pack = ShippedPack.get();

    @TempDir
    Path dir;

    @Test
    void letsTheShippedPackThroughTheShippedCases() {
        assertThat(new ScenarioGate(TestPaths.testCases()).check(pack)).isEmpty();
    }

    @Test
    void refusesAStepThatFailsWithTheFileScenarioAndActualAnswer() throws IOException {
        Path cases = Files.createDirectories(dir.resolve("cases"));
        Files.writeString(cases.resolve("wrong.yaml"), """
                name: "A case the pack does not meet"
                start: "2019-07-04T15:00:00+09:00"
                defaults: {currency: JPY, storeId: store-1}
                steps:
                  - event: {id: home, type: purchase, at: -2d, accountId: a-1, deviceId: d-home, amount: 900}
                  - event: {id: bulk, type: purchase, at: 0m, accountId: a-1, deviceId: d-1, amount: 90000,
                            items: [{sku: "carton", category: tobacco, quantity: 18, unitPrice: 5000}]}
                    expect: {decision: ALLOW}
                """);
        assertThat(new ScenarioGate(cases).check(pack)).singleElement().satisfies(e -> {
            assertThat(e.file()).isEqualTo("cases/wrong.yaml");
            assertThat(e.rule()).isEqualTo("A case the pack does not meet");
            assertThat(e.message()).contains("expected ALLOW, got BLOCK", "actual: BLOCK score");
        });
    }

    @Test
    void refusesEveryPackWhenTheCasesAreMissing() {
        assertThat(new ScenarioGate(dir.resolve("nowhere")).check(pack)).singleElement()
                .extracting(CompileError::message).asString().contains("RISKGATE_CASES_DIR", "'none'");
    }

    @Test
    void refusesAnUnreadableScenarioFile() throws IOException {
        Path cases = Files.createDirectories(dir.resolve("cases"));
        Files.writeString(cases.resolve("broken.yaml"), "name: [unclosed\n");
        assertThat(new ScenarioGate(cases).check(pack)).singleElement().satisfies(e -> {
            assertThat(e.file()).isEqualTo("cases/broken.yaml");
            assertThat(e.message()).startsWith("invalid scenario");
        });
    }
}
