package dev.riskgate.state.redis;

import dev.riskgate.TestPaths;
import dev.riskgate.rules.RulePack;
import dev.riskgate.rules.RulePackLoader;
import java.nio.file.Path;
import java.time.Clock;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/** The analysts' scenario suite (test-cases/) with history in a real three-master Redis Cluster. */
class ScenarioFilesOnRedisClusterTest {

    @TempDir
    static Path clusterDir;
    private static RedisCluster cluster;
    private static RulePack pack;

    @BeforeAll
    static void start() throws Exception {
        cluster = RedisCluster.start(clusterDir);
        pack = new RulePackLoader(Clock.systemUTC()).load(TestPaths.rules());
    }

    @AfterAll
    static void stop() {
        if (pack != null) {
            pack.close();
        }
        cluster.close();
    }

    @TestFactory
    Stream<DynamicTest> everyScenarioFileHoldsOnRedisCluster() throws Exception {
        return ScenarioFilesOnRedisTest.everyScenarioFile(pack, cluster.url());
    }
}
