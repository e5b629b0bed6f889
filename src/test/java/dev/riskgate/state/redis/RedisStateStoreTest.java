package dev.riskgate.state.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.riskgate.MutableClock;
import dev.riskgate.state.DecisionRecord;
import dev.riskgate.state.DurableStateStoreContract;
import dev.riskgate.state.HistoryEvent;
import dev.riskgate.state.Snapshot;
import dev.riskgate.state.StateStore;
import dev.riskgate.state.Status;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store contract against a real redis-server this class starts. Each test gets its own key prefix
 * (from its temporary directory), so tests share the server but never each other's keys; reopening
 * connects a new client to the same server and prefix, which is what "durable" means for this store.
 */
class RedisStateStoreTest extends DurableStateStoreContract {

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

    @Override
    protected StateStore open(Path dataDir, MutableClock clock) {
        return RedisStateStore.open(server.url(), "t" + dataDir.getFileName() + ":");
    }

    @Test
    void anotherClientOnTheSameRedisSeesEveryCommitAndRefusesARetry() {
        store.apply(decision("evt-1", "acct", "dev", "shop", Status.PENDING, 0, true));
        try (StateStore other = open(dataDir, clock)) {
            assertThat(other.apply(decision("evt-1", "acct", "dev", "shop", Status.BLOCKED, 3, true)).applied())
                    .as("idempotency by eventId holds across instances").isFalse();
            other.apply(decision("evt-2", "acct", "dev", "shop", Status.ALLOWED, 1, true));
        }

        Snapshot snap = store.snapshot(keys("evt-2", "acct", "dev", "shop"));

        assertThat(snap.account().events()).extracting(HistoryEvent::eventId).containsExactly("evt-1", "evt-2");
        assertThat(snap.store().events()).extracting(HistoryEvent::status).containsExactly(Status.PENDING, Status.ALLOWED);
        assertThat(snap.decision()).map(DecisionRecord::accountId).contains("acct");
    }

    @Test
    void longHistoriesAreCompactedAndStillFoldTheSame() {
        int n = RedisStateStore.COMPACT_AT * 3 + 7;
        for (int i = 0; i < n; i++) {
            store.apply(decision("c-" + i, "acct", "dev", "shop", Status.ALLOWED, i, true));
        }

        Snapshot snap = store.snapshot(keys("probe", "acct", "dev", "shop"));

        assertThat(snap.account().events()).hasSize(n);
        assertThat(snap.device().events()).extracting(HistoryEvent::eventId).doesNotHaveDuplicates().hasSize(n);
        assertThat(snap.store().events().get(n - 1).eventId()).isEqualTo("c-" + (n - 1));
    }
}
