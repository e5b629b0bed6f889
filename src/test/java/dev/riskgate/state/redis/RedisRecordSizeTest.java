package dev.riskgate.state.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.riskgate.decision.Decision;
import dev.riskgate.decision.Reason;
import dev.riskgate.decision.Verdict;
import dev.riskgate.event.EventType;
import dev.riskgate.state.AnswerWindows;
import dev.riskgate.state.Commit;
import dev.riskgate.state.DecisionRecord;
import dev.riskgate.state.HistoryEvent;
import dev.riskgate.state.StateKeys;
import dev.riskgate.state.Status;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What one decided event costs Redis, by {@code MEMORY USAGE} on a real redis-server, with ids shaped like
 * the simulator's (event {@code sim9001-000000123}, account {@code acct-0000123}, device {@code dev-} and 12
 * hex digits, store {@code store-13101-05}) and the default key prefix. Before the compact record, the
 * event's hash held the whole answer and was left in Redis's table encoding by its pending operations:
 * 755 B on average, 304 B at the least. docs/deployment.md's sizing table has the measured averages
 * ({@code bench/state-sizes.sh}).
 */
class RedisRecordSizeTest {

    @TempDir
    static Path serverDir;
    private static RedisServer server;

    @BeforeAll
    static void startRedis() throws Exception {
        server = RedisServer.start(serverDir);
    }

    @AfterAll
    static void stopRedis() {
        server.close();
    }

    @Test
    void aDecidedEventTakesAtMost160BytesPastTheWindowAnd300InsideItWithoutReasons() throws Exception {
        try (RedisStateStore store = RedisStateStore.open(server.url(), RedisStateStore.DEFAULT_PREFIX,
                RedisStateStore.DEFAULT_TIMEOUT, new AnswerWindows(Duration.ofSeconds(2), Duration.ofDays(180)));
             Raw raw = new Raw()) {
            store.apply(decision("sim9001-000000123", Verdict.ALLOW, List.of()));
            store.apply(decision("sim9001-000000124", Verdict.STEP_UP, List.of(
                    new Reason("new device: never seen on this account", 25, "first attempt from this device"))));
            String answer = raw.answerKey("sim9001-000000123");

            long event = raw.usage("riskgate:e:sim9001-000000123");
            long whole = event + raw.usage(answer);
            assertThat(event).as("the event's record").isLessThanOrEqualTo(160);
            assertThat(whole).as("record and answer, no reasons").isLessThanOrEqualTo(300);
            assertThat(raw.usage("riskgate:e:sim9001-000000124")).isLessThanOrEqualTo(160);

            Thread.sleep(2_500);
            assertThat(raw.redis.exists(answer)).as("the answer expired with the idempotency window").isZero();
            assertThat(raw.usage("riskgate:e:sim9001-000000123")).as("past the window").isEqualTo(event);
            assertThat(store.decision("sim9001-000000124").orElseThrow().answerKept()).isFalse();
        }
    }

    private static Commit decision(String eventId, Verdict verdict, List<Reason> reasons) {
        StateKeys k = new StateKeys(eventId, "acct-0000123", "dev-4f2a9c01b7e3", "store-13101-05");
        Instant at = Instant.parse("2026-12-01T10:15:30.123456789Z");
        DecisionRecord record = new DecisionRecord(new Decision(eventId, verdict, reasons.isEmpty() ? 0 : 25, reasons,
                "4c1d0e9a2b7f"), "9f86d081884c7d659a2feaa0c55ad015", k.accountId(), k.deviceId(), k.storeId(), at, List.of());
        return Commit.append(k, record, new HistoryEvent(eventId, EventType.PURCHASE, at, 5000, k.accountId(),
                k.deviceId(), k.storeId(), verdict == Verdict.ALLOW ? Status.ALLOWED : Status.PENDING, false, List.of()), true);
    }

    private static final class Raw implements AutoCloseable {
        private final RedisClient client = RedisClient.create(server.url());
        private final StatefulRedisConnection<String, String> connection = client.connect();
        final RedisCommands<String, String> redis = connection.sync();

        long usage(String key) {
            Long bytes = redis.memoryUsage(key);
            assertThat(bytes).as("MEMORY USAGE " + key).isNotNull();
            return bytes;
        }

        /** The one key of the store's answer for {@code eventId} (its hash tag is the store's to choose). */
        String answerKey(String eventId) {
            List<String> keys = redis.keys("riskgate:w:*" + eventId);
            assertThat(keys).hasSize(1);
            return keys.get(0);
        }

        @Override
        public void close() {
            connection.close();
            client.shutdown();
        }
    }
}
