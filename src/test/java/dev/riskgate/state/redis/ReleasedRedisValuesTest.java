package dev.riskgate.state.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.riskgate.state.Commit;
import dev.riskgate.state.StateKeys;
import dev.riskgate.state.formats.ReleasedFormats;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScoredValue;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A fleet is upgraded instance by instance on one Redis: this version must read what riskgate 2e2a270
 * wrote there (Redis value format 1). {@code src/test/resources/formats/redis-2e2a270.bin} holds every
 * key that version left after {@link ReleasedFormats}' commits (prefix {@code rg:}): records, answers,
 * history lists with a compacted (folded) head, and one commit whose operations are still pending.
 */
class ReleasedRedisValuesTest {

    @RegisterExtension
    static final RedisServerExtension redis = new RedisServerExtension();
    private static RedisClient client;
    private static StatefulRedisConnection<byte[], byte[]> connection;

    @BeforeAll
    static void startRedis() throws Exception {
        client = RedisClient.create(redis.server.url());
        connection = client.connect(ByteArrayCodec.INSTANCE);
    }

    @AfterAll
    static void stopRedis() {
        connection.close();
        client.shutdown();
    }

    @Test
    void valuesTheReleaseWroteReadAsTheSameCommitsWrittenNow() throws IOException {
        int keys = restore("rg:");
        assertThat(keys).as("keys in the fixture").isGreaterThan(10);
        try (RedisStateStore old = RedisStateStore.open(redis.server.url(), "rg:");
             RedisStateStore now = RedisStateStore.open(redis.server.url(), "now:")) {
            for (Commit c : ReleasedFormats.first()) {
                assertThat(now.apply(c).applied()).isTrue();
            }
            for (Commit c : ReleasedFormats.second()) {
                assertThat(now.apply(c).applied()).isTrue();
            }
            for (Commit c : ReleasedFormats.many()) {
                now.apply(c);
            }
            now.applyUntil(ReleasedFormats.pending(), RedisStateStore.Step.RECORD);

            List<StateKeys> all = new ArrayList<>(ReleasedFormats.allKeys());
            all.add(ReleasedFormats.many().get(69).keys());
            all.add(ReleasedFormats.pending().keys());
            for (StateKeys k : all) {
                assertThat(old.decision(k.eventId())).as("decision %s", k.eventId()).isEqualTo(now.decision(k.eventId()));
                assertThat(old.snapshot(k)).as("snapshot of %s", k).isEqualTo(now.snapshot(k));
            }
            assertThat(old.outbox().backlog().pending()).isEqualTo(now.outbox().backlog().pending());
        }
    }

    /**
     * The other half of a rolling deploy: instances of the release still running read what this version
     * writes, since it writes the release's bytes (list entries differ only in their random nonce).
     */
    @Test
    void valuesWrittenNowAreTheBytesTheReleaseWrote(@TempDir Path otherDir) throws Exception {
        try (RedisServer other = RedisServer.start(otherDir)) {
            try (RedisStateStore now = RedisStateStore.open(other.url(), "rg:")) {
                for (Commit c : ReleasedFormats.first()) {
                    now.apply(c);
                }
                for (Commit c : ReleasedFormats.second()) {
                    now.apply(c);
                }
                for (Commit c : ReleasedFormats.many()) {
                    now.apply(c);
                }
                now.snapshot(ReleasedFormats.many().get(0).keys());
                now.applyUntil(ReleasedFormats.pending(), RedisStateStore.Step.RECORD);
            }
            RedisClient otherClient = RedisClient.create(other.url());
            try (StatefulRedisConnection<byte[], byte[]> written = otherClient.connect(ByteArrayCodec.INSTANCE)) {
                java.util.Map<String, List<String>> released = fixture();
                java.util.Map<String, List<String>> now = new java.util.TreeMap<>();
                for (String key : released.keySet()) {
                    now.put(key, values(written.sync(), key));
                }
                assertThat(now).isEqualTo(released);
            } finally {
                otherClient.shutdown();
            }
        }
    }

    /** The fixture's keys and their values as text: hex bytes, a list entry's nonce masked, a sorted set's members only. */
    private static java.util.Map<String, List<String>> fixture() throws IOException {
        java.util.Map<String, List<String>> keys = new java.util.TreeMap<>();
        try (DataInputStream in = new DataInputStream(
                ReleasedRedisValuesTest.class.getResourceAsStream("/formats/redis-2e2a270.bin"))) {
            for (String type = in.readUTF(); !type.equals("end"); type = in.readUTF()) {
                String key = new String(bytes(in), StandardCharsets.UTF_8);
                List<String> values = new ArrayList<>();
                for (int i = in.readInt(); i > 0; i--) {
                    switch (type) {
                        case "list" -> values.add(entry(bytes(in)));
                        case "hash" -> values.add(hex(bytes(in)) + "=" + hex(bytes(in)));
                        case "zset" -> {
                            values.add(hex(bytes(in)));
                            in.readDouble();
                        }
                        default -> values.add(hex(bytes(in)));
                    }
                }
                keys.put(type + " " + key, type.equals("list") ? values : values.stream().sorted().toList());
            }
        }
        return keys;
    }

    private static List<String> values(RedisCommands<byte[], byte[]> redis, String typedKey) {
        String type = typedKey.substring(0, typedKey.indexOf(' '));
        byte[] key = typedKey.substring(type.length() + 1).getBytes(StandardCharsets.UTF_8);
        return switch (type) {
            case "list" -> redis.lrange(key, 0, -1).stream().map(ReleasedRedisValuesTest::entry).toList();
            case "hash" -> redis.hgetall(key).entrySet().stream().map(e -> hex(e.getKey()) + "=" + hex(e.getValue()))
                    .sorted().toList();
            case "zset" -> redis.zrange(key, 0, -1).stream().map(ReleasedRedisValuesTest::hex).sorted().toList();
            default -> redis.get(key) == null ? List.of() : List.of(hex(redis.get(key)));
        };
    }

    /** A history entry: format, kind, an 8-byte random nonce, then what it holds. */
    private static String entry(byte[] bytes) {
        byte[] masked = bytes.clone();
        java.util.Arrays.fill(masked, 2, Math.min(10, masked.length), (byte) 0);
        return hex(masked);
    }

    private static String hex(byte[] bytes) {
        return java.util.HexFormat.of().formatHex(bytes);
    }

    /** Loads the fixture's keys under {@code prefix}; answers how many. */
    private static int restore(String prefix) throws IOException {
        RedisCommands<byte[], byte[]> redis = connection.sync();
        int n = 0;
        try (DataInputStream in = new DataInputStream(
                ReleasedRedisValuesTest.class.getResourceAsStream("/formats/redis-2e2a270.bin"))) {
            for (String type = in.readUTF(); !type.equals("end"); type = in.readUTF()) {
                byte[] key = bytes(in);
                assertThat(new String(key, StandardCharsets.UTF_8)).startsWith(prefix);
                int count = in.readInt();
                for (int i = 0; i < count; i++) {
                    switch (type) {
                        case "string" -> redis.set(key, bytes(in));
                        case "list" -> redis.rpush(key, bytes(in));
                        case "hash" -> redis.hset(key, bytes(in), bytes(in));
                        case "zset" -> {
                            byte[] member = bytes(in);
                            redis.zadd(key, ScoredValue.just(in.readDouble(), member));
                        }
                        default -> throw new IOException("unknown type " + type);
                    }
                }
                n++;
            }
        }
        return n;
    }

    private static byte[] bytes(DataInputStream in) throws IOException {
        return in.readNBytes(in.readInt());
    }
}
