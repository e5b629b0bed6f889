package dev.riskgate.state.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.riskgate.TestPaths;
import dev.riskgate.rules.RulePack;
import dev.riskgate.rules.RulePackLoader;
import dev.riskgate.scenarios.ScenarioFile;
import dev.riskgate.scenarios.ScenarioRunner;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The analysts' scenario suite (test-cases/) with history in a real redis-server instead of the embedded
 * store: every answer must be the same whichever store serves. Each scenario gets fresh keys (its own prefix).
 */
class ScenarioFilesOnRedisTest {

    @TempDir
    static Path serverDir;
    private static RedisServer server;
    private static RulePack pack;

    @BeforeAll
    static void start() throws Exception {
        server = RedisServer.start(serverDir);
        pack = new RulePackLoader(Clock.systemUTC()).load(TestPaths.rules());
    }

    @AfterAll
    static void stop() {
        pack.close();
        server.close();
    }

    @TestFactory
    Stream<DynamicTest> everyScenarioFileHoldsOnRedis() throws Exception {
        return everyScenarioFile(pack, server.url());
    }

    /** One dynamic test per scenario file, each on fresh keys of the Redis at {@code url}. */
    static Stream<DynamicTest> everyScenarioFile(RulePack pack, String url) throws Exception {
        List<Path> files = ScenarioFile.find(TestPaths.testCases());
        assertThat(files).as("scenario files in test-cases/").isNotEmpty();
        AtomicInteger scenario = new AtomicInteger();
        ScenarioRunner runner = new ScenarioRunner(pack,
                () -> RedisStateStore.open(url, "scenario-" + scenario.incrementAndGet() + ":"));
        return files.stream().map(file -> DynamicTest.dynamicTest(TestPaths.testCases().relativize(file).toString(), file.toUri(), () -> {
            ScenarioRunner.Result result = runner.run(ScenarioFile.load(file));
            assertThat(result.checked()).as("checked steps in " + file.getFileName()).isPositive();
            assertThat(result.failures()).as(result.scenario().name()).isEmpty();
        }));
    }
}
