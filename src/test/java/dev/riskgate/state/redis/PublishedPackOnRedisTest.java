package dev.riskgate.state.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.riskgate.TestPaths;
import dev.riskgate.rules.PublishedPack;
import dev.riskgate.rules.RulePackLoader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What an instance does with the pack it finds current in a real redis-server ({@link RedisPackStore},
 * fetched by {@link PublishedPack}): the files land in a directory of their own that hashes to the
 * published version, or they are refused. The store is written directly here, as a damaged or hostile
 * Redis could be, not through {@code riskgate publish}.
 */
class PublishedPackOnRedisTest {

    private static Path work;
    private static RedisServer server;
    private static RedisPackStore store;

    @BeforeAll
    static void startRedis() throws Exception {
        work = Files.createTempDirectory("riskgate-published-");
        server = RedisServer.start(work);
        store = RedisPackStore.open(server.url(), "test-" + System.nanoTime() + ":");
    }

    @AfterAll
    static void stopRedis() {
        store.close();
        server.close();
    }

    @Test
    void fetchesTheCurrentPackToADirectoryThatHashesToItsVersion() throws IOException {
        Map<String, byte[]> files = RulePackLoader.contents(TestPaths.rules());
        String version = RulePackLoader.versionOf(files);
        store.publish(version, files);
        assertThat(store.currentVersion()).isEqualTo(version);

        Path dir = source("fetch").current();

        assertThat(dir.getFileName().toString()).isEqualTo(version);
        assertThat(RulePackLoader.versionOf(dir)).isEqualTo(version);
        assertThat(Files.getPosixFilePermissions(dir)).as("rules run as code: only the owner may write them")
                .doesNotContain(PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_WRITE);
    }

    @Test
    void refusesFilesThatDoNotHashToTheirVersion() throws IOException {
        Map<String, byte[]> files = RulePackLoader.contents(TestPaths.rules());
        String version = RulePackLoader.versionOf(files);
        Map<String, byte[]> altered = new LinkedHashMap<>(files);
        altered.put("parameters.properties", (new String(files.get("parameters.properties"), StandardCharsets.UTF_8)
                .replace("decision.block_at = 80", "decision.block_at = 100")).getBytes(StandardCharsets.UTF_8));
        store.publish(version, altered);
        PublishedPack source = source("tampered");

        assertThatThrownBy(source::current).hasMessageContaining("hashes to").hasMessageContaining(version);
        assertThat(work.resolve("tampered").resolve(version)).doesNotExist();
    }

    @Test
    void refusesAFileNameThatIsAPath() {
        Map<String, byte[]> files = new LinkedHashMap<>(RulePackLoader.contents(TestPaths.rules()));
        files.put("../escape.drl", "rule \"x\" when then end".getBytes(StandardCharsets.UTF_8));
        store.publish("0123456789ab", files);
        PublishedPack source = source("escape");

        assertThatThrownBy(source::current).hasMessageContaining("not a pack file name");
        assertThat(work.resolve("escape.drl")).doesNotExist();
    }

    @Test
    void saysSoWhenNothingWasPublished() {
        RedisPackStore empty = RedisPackStore.open(server.url(), "empty-" + System.nanoTime() + ":");
        try (empty) {
            PublishedPack source = new PublishedPack(empty::currentVersion, empty::files, work.resolve("none"), "here");

            assertThatThrownBy(source::current).hasMessageContaining("no rule pack has been published to here");
        }
    }

    private static PublishedPack source(String cache) {
        return new PublishedPack(store::currentVersion, store::files, work.resolve(cache), server.url());
    }
}
