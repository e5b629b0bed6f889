package dev.riskgate.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import dev.riskgate.TestPaths;
import dev.riskgate.rules.LivePack;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An edit to the scenario files alone, with the pack untouched, is a reason to check the serving pack
 * again: a new must-block case it fails is reported (the pack keeps serving), and the fix is seen too.
 */
class ScenarioEditRecheckTest {

    private static final String FAILING = """
            name: "A small purchase wrongly expected to block"
            start: "2019-07-01T10:00:00+09:00"
            steps:
              - event: {id: e1, type: purchase, at: 0m, accountId: a, deviceId: d, storeId: s, amount: 500, currency: JPY}
                expect: {decision: BLOCK}
            """;

    @Test
    void aScenarioOnlyEditIsCheckedByThePoller(@TempDir Path dir) throws Exception {
        Path rules = TestPaths.copyRules(dir.resolve("rules"));
        Path cases = Files.createDirectories(dir.resolve("cases"));
        Files.copy(TestPaths.testCases().resolve("velocity.yaml"), cases.resolve("velocity.yaml"));
        try (LivePack live = LivePack.open(rules, "active", Clock.systemUTC(), Duration.ofMillis(100),
                new ScenarioGate(cases), outcome -> { })) {
            String version = live.get().version();
            assertThat(live.status().lastReload()).isNull();

            Files.writeString(cases.resolve("wrong.yaml"), FAILING);

            await(() -> live.status().lastRejection() != null);
            LivePack.Status refused = live.status();
            assertThat(refused.rejectionIsLatest()).isTrue();
            assertThat(refused.lastRejection().version()).isEqualTo(version);
            assertThat(refused.lastRejection().errors()).singleElement()
                    .satisfies(e -> assertThat(e.message()).contains("expected BLOCK, got ALLOW"));
            assertThat(live.get().version()).as("the serving pack keeps serving").isEqualTo(version);

            Files.writeString(cases.resolve("wrong.yaml"), FAILING.replace("decision: BLOCK", "decision: ALLOW"));

            await(() -> "checked".equals(live.status().lastReload().result()));
            assertThat(live.status().rejectionIsLatest()).as("the rejection is history now").isFalse();
            assertThat(live.status().lastRejection()).isNotNull();
        }
    }

    @Test
    void aForcedReloadChecksEditedScenariosWithoutAPackEdit(@TempDir Path dir) throws Exception {
        Path rules = TestPaths.copyRules(dir.resolve("rules"));
        Path cases = Files.createDirectories(dir.resolve("cases"));
        Files.copy(TestPaths.testCases().resolve("velocity.yaml"), cases.resolve("velocity.yaml"));
        try (LivePack live = LivePack.open(rules, "active", Clock.systemUTC(), Duration.ZERO, new ScenarioGate(cases),
                outcome -> { })) {
            assertThat(live.reload().result()).isEqualTo("unchanged");

            Files.writeString(cases.resolve("wrong.yaml"), FAILING);

            assertThat(live.reload().result()).isEqualTo("rejected");
            assertThat(live.reload().result()).as("checked once per edit").isEqualTo("unchanged");
        }
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime() < deadline).as("condition within 20 s").isTrue();
            Thread.sleep(50);
        }
    }
}
