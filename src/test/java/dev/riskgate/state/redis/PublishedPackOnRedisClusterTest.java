package dev.riskgate.state.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.riskgate.TestPaths;
import dev.riskgate.rules.PublishedPack;
import dev.riskgate.rules.RulePackLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Publishing on a real three-master Redis Cluster: the script touches the version's files and the pointer
 * at once, which a Cluster allows only because both keys carry the {@code {pack}} hash tag.
 */
class PublishedPackOnRedisClusterTest {

    @Test
    void aPackPublishedToAClusterIsFetchedWhole() throws Exception {
        Path work = Files.createTempDirectory("riskgate-published-cluster-");
        Map<String, byte[]> files = RulePackLoader.contents(TestPaths.rules());
        String version = RulePackLoader.versionOf(files);
        try (RedisCluster cluster = RedisCluster.start(work);
             RedisPackStore store = RedisPackStore.open(cluster.url(), RedisStateStore.DEFAULT_PREFIX)) {
            assertThat(store.publish(version, files, Instant.now(), "test", "unchecked", "")).isNull();

            Path dir = new PublishedPack(store::currentVersion, store::files, store::describe, work.resolve("fetched"), cluster.url())
                    .current();

            assertThat(store.currentVersion()).isEqualTo(version);
            assertThat(RulePackLoader.versionOf(dir)).isEqualTo(version);
        }
    }
}
