package dev.riskgate.state.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import dev.riskgate.MutableClock;
import dev.riskgate.scoring.Decision;
import dev.riskgate.scoring.EventType;
import dev.riskgate.scoring.Verdict;
import dev.riskgate.state.AccountState;
import dev.riskgate.state.Change;
import dev.riskgate.state.DecisionRecord;
import dev.riskgate.state.EventLog;
import dev.riskgate.state.HistoryEvent;
import dev.riskgate.state.Retention;
import dev.riskgate.state.StateKeys;
import dev.riskgate.state.Status;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteStateStoreTest {

    private static final Instant START = Instant.parse("2025-06-01T00:00:00Z");

    @TempDir
    Path dataDir;
    private final MutableClock clock = new MutableClock(START);
    private SqliteStateStore store;

    @BeforeEach
    void open() {
        store = SqliteStateStore.open(dataDir, clock);
    }

    @AfterEach
    void close() {
        store.close();
    }

    private static final int THREADS = 8;
    private static final int PER_THREAD = 50;

    @Test
    void concurrentUpdatesOfOneAccountAreNeverLost() throws Exception {
        onThreads((t, i) -> {
            String device = "dev-" + t;
            String eventId = device + "-evt-" + i;
            store.atomically(new StateKeys(eventId, "acct", device, null),
                    snap -> new Change<>(null, null, appended(snap.account(), eventId, "acct", device), null, null));
        });

        List<HistoryEvent> events = account("acct").events();

        assertThat(events).hasSize(THREADS * PER_THREAD);
        assertThat(events).extracting(HistoryEvent::eventId).doesNotHaveDuplicates();
    }

    @Test
    void concurrentAppendsToOneStoreFromManyAccountsAreNeverLost() throws Exception {
        onThreads((t, i) -> {
            String account = "acct-" + t;
            String eventId = account + "-buy-" + i;
            HistoryEvent e = new HistoryEvent(eventId, EventType.PURCHASE, clock.instant(), 5000, account,
                    "dev-" + account, "busy-store", Status.ALLOWED, true, List.of());
            store.atomically(new StateKeys(eventId, account, "dev-" + account, "busy-store"),
                    snap -> new Change<>(null, null, null, null, dev.riskgate.state.Histories.record(snap.store(), e)));
        });

        List<HistoryEvent> events = store.atomically(new StateKeys("read-only", "nobody", "nothing", "busy-store"),
                snap -> Change.none(snap.store())).events();

        assertThat(events).hasSize(THREADS * PER_THREAD);
        assertThat(events).extracting(HistoryEvent::eventId).doesNotHaveDuplicates();
    }

    /** Runs {@code step(thread, i)} PER_THREAD times on each of THREADS threads, all released at once. */
    private static void onThreads(java.util.function.BiConsumer<Integer, Integer> step) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int thread = t;
            done.add(pool.submit(() -> {
                go.await();
                for (int i = 0; i < PER_THREAD; i++) {
                    step.accept(thread, i);
                }
                return null;
            }));
        }
        go.countDown();
        for (Future<?> f : done) {
            f.get();
        }
        pool.shutdown();
    }

    @Test
    void sweepDeletesRowsWhoseExpiryPassed() {
        writeDecisionAccountAndDevice("evt-1", "acct-1", "dev-1");
        clock.advance(Collections.max(List.of(Retention.DECISIONS, Retention.EVENTS)).plusDays(1));

        int deleted = store.sweepExpired();

        assertThat(deleted).as("the decision and the device log").isEqualTo(2);
        assertThat(store.rowCount()).isEqualTo(1);
        assertThat(store.decision("evt-1")).isEmpty();
        assertThat(account("acct-1").events()).extracting(HistoryEvent::eventId).containsExactly("evt-1");
    }

    @Test
    void sweepKeepsRowsBeforeTheirExpiry() {
        writeDecisionAccountAndDevice("evt-1", "acct-1", "dev-1");
        clock.advance(Collections.min(List.of(Retention.DECISIONS, Retention.EVENTS)).minusMinutes(1));

        int deleted = store.sweepExpired();

        assertThat(deleted).isZero();
        assertThat(store.rowCount()).isEqualTo(3);
        assertThat(store.decision("evt-1")).isPresent();
    }

    @Test
    void expiredRowsAreNotReadEvenBeforeTheSweep() {
        writeDecisionAccountAndDevice("evt-1", "acct-1", "dev-1");
        clock.advance(Retention.DECISIONS.plusDays(1));

        assertThat(store.decision("evt-1")).isEmpty();
        assertThat(store.rowCount()).isEqualTo(3);
    }

    @Test
    void committedChangesSurviveReopening() {
        writeDecisionAccountAndDevice("evt-1", "acct-1", "dev-1");
        store.close();

        store = SqliteStateStore.open(dataDir, clock);

        assertThat(store.decision("evt-1")).map(DecisionRecord::accountId).contains("acct-1");
        assertThat(account("acct-1").events()).hasSize(1);
    }

    private void writeDecisionAccountAndDevice(String eventId, String accountId, String deviceId) {
        DecisionRecord decision = new DecisionRecord(new Decision(eventId, Verdict.ALLOW, 0, List.of(), "test-pack"),
                "hash", accountId, deviceId, null, clock.instant(), List.of());
        store.atomically(new StateKeys(eventId, accountId, deviceId, null), snap -> {
            AccountState account = appended(snap.account(), eventId, accountId, deviceId);
            return new Change<>(null, decision, account, new EventLog(account.events()), null);
        });
    }

    private AccountState account(String accountId) {
        return store.atomically(new StateKeys("read-only", accountId, "read-only", null),
                snap -> Change.none(snap.account()));
    }

    private AccountState appended(AccountState account, String eventId, String accountId, String deviceId) {
        List<HistoryEvent> events = new ArrayList<>(account.events());
        events.add(new HistoryEvent(eventId, EventType.CHARGE, clock.instant(), 1000, accountId, deviceId, null,
                Status.ALLOWED, false, List.of()));
        return new AccountState(account.devices(), events, account.stores(), account.amounts());
    }
}
