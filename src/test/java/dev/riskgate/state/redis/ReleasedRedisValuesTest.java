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
import org.junit.jupiter.api.io.TempDir;

/**
 * A fleet is upgraded instance by instance on one Redis: this version must read what riskgate 2e2a270
 * wrote there (Redis value format 1). {@code src/test/resources/formats/redis-2e2a270.bin} holds every
 * key that version left after {@link ReleasedFormats}' commits (prefix {@code rg:}): records, answers,
 * history lists with a compacted (folded) head, and one commit whose operations are still pending.
 */
class ReleasedRedisValuesTest {

    @TempDir
    static Path serverDir;
    private static RedisServer server;
    private static RedisClient client;
    private static StatefulRedisConnection<byte[], byte[]> connection;

    @BeforeAll
    static void startRedis() throws Exception {
        server = RedisServer.start(serverDir);
        client = RedisClient.create(server.url());
        connection = client.connect(ByteArrayCodec.INSTANCE);
    }

    @AfterAll
    static void stopRedis() {
        connection.close();
        client.shutdown();
        server.close();
    }

    @Test
    void valuesTheReleaseWroteReadAsTheSameCommitsWrittenNow() throws IOException {
        int keys = restore("rg:");
        assertThat(keys).as("keys in the fixture").isGreaterThan(10);
        try (RedisStateStore old = RedisStateStore.open(server.url(), "rg:");
             RedisStateStore now = RedisStateStore.open(server.url(), "now:")) {
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
