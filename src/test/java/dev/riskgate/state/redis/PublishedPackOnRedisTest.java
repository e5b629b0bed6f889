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
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
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
    void keepsTheVersionsMadeCurrentMostRecentlyAndAlwaysTheCurrentOne() {
        RedisPackStore versions = RedisPackStore.open(server.url(), "keep-" + System.nanoTime() + ":");
        try (versions) {
            Instant start = Instant.parse("2026-12-01T00:00:00Z");
            List<String> published = new java.util.ArrayList<>();
            for (int i = 0; i < RedisPackStore.KEEP + 3; i++) {
                String version = String.format("%012x", i);
                published.add(version);
                versions.publish(version, Map.of("parameters.properties", ("n = " + i).getBytes(StandardCharsets.UTF_8)),
                        start.plusSeconds(60L * i), "alice", "unchecked", "");
            }
            // Rolling back to the oldest one kept makes it the most recent: it outlives two more publishes.
            String oldestKept = published.get(3);
            versions.activate(oldestKept, start.plusSeconds(3600), null, null);
            for (int i = 0; i < 2; i++) {
                String version = String.format("%012x", 100 + i);
                versions.publish(version, Map.of("parameters.properties", ("m = " + i).getBytes(StandardCharsets.UTF_8)),
                        start.plusSeconds(7200L + i), "bob", "unchecked", "");
            }

            List<String> kept = versions.versions().stream().map(RedisPackStore.Published::version).toList();
            assertThat(kept).hasSize(RedisPackStore.KEEP).startsWith("000000000065", "000000000064", oldestKept)
                    .doesNotContain(published.get(0), published.get(1), published.get(2), published.get(4), published.get(5));
            assertThat(versions.files(published.get(0))).as("a deleted version's files go too").isEmpty();
            assertThat(versions.version(published.get(0))).isNull();
            assertThat(versions.version(oldestKept).activatedAt()).isEqualTo(start.plusSeconds(3600));
            assertThat(versions.version(oldestKept).publishedAt()).isEqualTo(start.plusSeconds(180));
            assertThat(versions.version(oldestKept).publisher()).isEqualTo("alice");
            assertThatThrownBy(() -> versions.activate(published.get(0), start, null, null))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no rule pack version");
        }
    }

    @Test
    void fetchesTheCurrentPackToADirectoryThatHashesToItsVersion() throws IOException {
        Map<String, byte[]> files = RulePackLoader.contents(TestPaths.rules());
        String version = RulePackLoader.versionOf(files);
        store.publish(version, files, Instant.now(), "test", "unchecked", "");
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
        store.publish(version, altered, Instant.now(), "test", "unchecked", "");
        PublishedPack source = source("tampered");

        assertThatThrownBy(source::current).hasMessageContaining("hashes to").hasMessageContaining(version);
        assertThat(work.resolve("tampered").resolve(version)).doesNotExist();
    }

    @Test
    void refusesAFileNameThatIsAPath() {
        Map<String, byte[]> files = new LinkedHashMap<>(RulePackLoader.contents(TestPaths.rules()));
        files.put("../escape.drl", "rule \"x\" when then end".getBytes(StandardCharsets.UTF_8));
        store.publish("0123456789ab", files, Instant.now(), "test", "unchecked", "");
        PublishedPack source = source("escape");

        assertThatThrownBy(source::current).hasMessageContaining("not a pack file name");
        assertThat(work.resolve("escape.drl")).doesNotExist();
    }

    @Test
    void saysSoWhenNothingWasPublished() {
        RedisPackStore empty = RedisPackStore.open(server.url(), "empty-" + System.nanoTime() + ":");
        try (empty) {
            PublishedPack source = new PublishedPack(empty::currentVersion, empty::files, empty::describe, work.resolve("none"), "here");

            assertThatThrownBy(source::current).hasMessageContaining("no rule pack has been published to here");
        }
    }

    private static PublishedPack source(String cache) {
        return new PublishedPack(store::currentVersion, store::files, store::describe, work.resolve(cache), server.url());
    }
}
