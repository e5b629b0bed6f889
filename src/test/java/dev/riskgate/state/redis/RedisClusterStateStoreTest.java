package dev.riskgate.state.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.riskgate.MutableClock;
import dev.riskgate.decision.FeedbackOutcome;
import dev.riskgate.state.DurableStateStoreContract;
import dev.riskgate.state.HistoryEvent;
import dev.riskgate.state.Snapshot;
import dev.riskgate.state.StateStore;
import dev.riskgate.state.Status;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store contract against a real three-master Redis Cluster this class makes on loopback
 * ({@code redis-cluster://}). Keys spread over the masters by their slots (each test has its own prefix,
 * so where the contract's keys fall varies; the tests below pick names that land on chosen masters), and
 * a script declaring keys of two slots would be refused (CROSSSLOT) rather than pass quietly.
 */
class RedisClusterStateStoreTest extends DurableStateStoreContract {

    @TempDir
    static Path clusterDir;
    private static RedisCluster cluster;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = RedisCluster.start(clusterDir);
    }

    @AfterAll
    static void stopCluster() {
        cluster.close();
    }

    @Override
    protected StateStore open(Path dataDir, MutableClock clock) {
        return RedisStateStore.open(cluster.url(), prefix());
    }

    @Test
    void aDecisionWhoseKeysLiveOnThreeMastersIsRecordedOnEach() throws Exception {
        List<Integer> masters = cluster.ports();
        String event = onMaster("e:", "evt-", masters.get(0));
        String account = onMaster("a:", "acct-", masters.get(1));
        String device = onMaster("d:", "dev-", masters.get(2));
        String shop = onMaster("s:", "shop-", masters.get(1));

        store.apply(decision(event, account, device, shop, Status.PENDING, 0, true));
        feedback(event, FeedbackOutcome.STEP_UP_PASSED, Status.PASSED);

        Snapshot snap = store.snapshot(keys(event, account, device, shop));
        assertThat(snap.decision().orElseThrow().feedback()).containsExactly(FeedbackOutcome.STEP_UP_PASSED);
        assertThat(snap.account().events()).extracting(HistoryEvent::status).containsExactly(Status.PASSED);
        assertThat(snap.device().events()).extracting(HistoryEvent::status).containsExactly(Status.PASSED);
        assertThat(snap.store().events()).extracting(HistoryEvent::status).containsExactly(Status.PASSED);
        // Each key is where its slot says, asked of that master alone (no redirects followed).
        assertThat(RedisCluster.cli(masters.get(0), "EXISTS", prefix() + "e:" + event)).isEqualTo("1");
        assertThat(RedisCluster.cli(masters.get(1), "EXISTS", prefix() + "a:" + account)).isEqualTo("1");
        assertThat(RedisCluster.cli(masters.get(2), "EXISTS", prefix() + "d:" + device)).isEqualTo("1");
        assertThat(RedisCluster.cli(masters.get(1), "EXISTS", prefix() + "s:" + shop)).isEqualTo("1");
    }

    @Test
    void aRecordWhoseWriterDiedIsFinishedByASweepAcrossMasters() throws Exception {
        List<Integer> masters = cluster.ports();
        String event = onMaster("e:", "evt-", masters.get(2));
        String account = onMaster("a:", "acct-", masters.get(0));
        String device = onMaster("d:", "dev-", masters.get(1));
        String shop = onMaster("s:", "shop-", masters.get(0));
        ((RedisStateStore) store).applyUntil(decision(event, account, device, shop, Status.ALLOWED, 0, true),
                RedisStateStore.Step.RECORD);
        String index = PendingIndex.keyFor(prefix(), prefix() + "e:" + event);
        assertThat(cluster.portOf(index)).as("the index lives with its event").isEqualTo(masters.get(2));
        assertThat(RedisCluster.cli(masters.get(2), "ZCARD", index)).isEqualTo("1");

        try (RedisStateStore other = RedisStateStore.open(cluster.url(), prefix())) {
            assertThat(other.sweep(System.currentTimeMillis())).isEqualTo(1);

            Snapshot snap = other.snapshot(keys("probe", account, device, shop));
            assertThat(snap.account().events()).extracting(HistoryEvent::eventId).containsExactly(event);
            assertThat(snap.device().events()).extracting(HistoryEvent::eventId).containsExactly(event);
            assertThat(snap.store().events()).extracting(HistoryEvent::eventId).containsExactly(event);
        }
        assertThat(RedisCluster.cli(masters.get(2), "HEXISTS", prefix() + "e:" + event, "p")).isEqualTo("0");
        assertThat(RedisCluster.cli(masters.get(2), "EXISTS", index)).isEqualTo("0");
    }

    /** A name {@code base<n>} whose key (after the prefix and {@code kind}) lives on the master at {@code port}. */
    private String onMaster(String kind, String base, int port) {
        for (int n = 0; ; n++) {
            if (cluster.portOf(prefix() + kind + base + n) == port) {
                return base + n;
            }
        }
    }

    private String prefix() {
        return "t" + dataDir.getFileName() + ":";
    }
}
