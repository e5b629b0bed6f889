package dev.riskgate.state;

import static org.assertj.core.api.Assertions.assertThat;

import dev.riskgate.MutableClock;
import dev.riskgate.decision.Decision;
import dev.riskgate.decision.FeedbackOutcome;
import dev.riskgate.decision.Verdict;
import dev.riskgate.event.EventType;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every {@link StateStore} promises, run against each implementation by a subclass that says how
 * to open one. A store that passes keeps the rules' view of history identical whichever store serves.
 */
public abstract class StateStoreContract {

    protected static final Instant START = Instant.parse("2025-06-01T00:00:00Z");
    protected static final int THREADS = 8;
    protected static final int PER_THREAD = 50;

    @TempDir
    protected Path dataDir;
    protected final MutableClock clock = new MutableClock(START);
    protected StateStore store;

    /** A store over {@code dataDir} (ignored by stores that keep nothing on disk). */
    protected abstract StateStore open(Path dataDir, MutableClock clock);

    @BeforeEach
    void openStore() {
        store = open(dataDir, clock);
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    @Test
    void snapshotHoldsAnAppendedAttemptInAccountDeviceAndStore() {
        Applied applied = store.apply(decision("evt-1", "acct", "dev", "shop", Status.ALLOWED, 0, true));

        Snapshot snap = store.snapshot(keys("evt-1", "acct", "dev", "shop"));

        assertThat(applied.applied()).isTrue();
        assertThat(snap.decision()).map(DecisionRecord::accountId).contains("acct");
        assertThat(snap.account().events()).extracting(HistoryEvent::eventId).containsExactly("evt-1");
        assertThat(snap.account().device("dev")).hasValueSatisfying(d -> assertThat(d.trusted()).isTrue());
        assertThat(snap.account().amounts()).extracting(SettledAmount::eventId).containsExactly("evt-1");
        assertThat(snap.account().stores()).extracting(StoreVisit::storeId).containsExactly("shop");
        assertThat(snap.device().events()).extracting(HistoryEvent::eventId).containsExactly("evt-1");
        assertThat(snap.store().events()).extracting(HistoryEvent::eventId).containsExactly("evt-1");
    }

    @Test
    void snapshotEqualsTheFoldOfEveryCommitOnEachKey() {
        List<Commit> commits = List.of(
                decision("e1", "acct", "dev-1", "shop", Status.PENDING, 0, true),
                decision("e2", "acct", "dev-2", "shop", Status.ALLOWED, 1, false),
                decision("e3", "other", "dev-1", "shop", Status.BLOCKED, 2, true));
        commits.forEach(store::apply);
        DecisionRecord e1 = store.decision("e1").orElseThrow();
        store.apply(Commit.feedback(keys("e1", "acct", "dev-1", "shop"), e1,
                e1.withFeedback(FeedbackOutcome.STEP_UP_PASSED), Status.PASSED));

        Snapshot snap = store.snapshot(keys("probe", "acct", "dev-1", "shop"));

        List<HistoryOp> account = List.of(commits.get(0).account().get(0), commits.get(1).account().get(0),
                new HistoryOp.Restatus("e1", Status.PASSED));
        List<HistoryOp> device = List.of(commits.get(0).device().get(0), commits.get(2).device().get(0),
                new HistoryOp.Restatus("e1", Status.PASSED));
        List<HistoryOp> shop = List.of(commits.get(0).store().get(0), commits.get(2).store().get(0),
                new HistoryOp.Restatus("e1", Status.PASSED));
        assertThat(snap.account()).isEqualTo(Histories.fold(AccountState.EMPTY, account));
        assertThat(snap.device()).isEqualTo(Histories.fold(EventLog.EMPTY, device));
        assertThat(snap.store()).isEqualTo(Histories.fold(EventLog.EMPTY, shop));
    }

    @Test
    void aStoreKeepsOnlyWhatItRemembers() {
        store.apply(decision("evt-1", "acct", "dev", "shop", Status.ALLOWED, 0, false));

        assertThat(store.snapshot(keys("probe", "acct", "dev", "shop")).store().events()).isEmpty();
    }

    @Test
    void keysNeverWrittenReadAsEmptyHistories() {
        Snapshot snap = store.snapshot(keys("nothing", "nobody", "no-device", null));

        assertThat(snap.decision()).isEmpty();
        assertThat(snap.account()).isEqualTo(AccountState.EMPTY);
        assertThat(snap.device()).isEqualTo(EventLog.EMPTY);
        assertThat(snap.store()).isEqualTo(EventLog.EMPTY);
    }

    @Test
    void passedStepUpSettlesTheEventAndTrustsItsDevice() {
        store.apply(decision("evt-1", "acct", "dev", "shop", Status.PENDING, 0, true));
        Snapshot pending = store.snapshot(keys("evt-1", "acct", "dev", "shop"));
        assertThat(pending.account().amounts()).isEmpty();
        assertThat(pending.account().device("dev")).hasValueSatisfying(d -> assertThat(d.trusted()).isFalse());

        feedback("evt-1", FeedbackOutcome.STEP_UP_PASSED, Status.PASSED);

        Snapshot passed = store.snapshot(keys("evt-1", "acct", "dev", "shop"));
        assertThat(passed.account().amounts()).extracting(SettledAmount::eventId).containsExactly("evt-1");
        assertThat(passed.account().device("dev")).hasValueSatisfying(d -> assertThat(d.trusted()).isTrue());
        assertThat(passed.device().events()).extracting(HistoryEvent::status).containsExactly(Status.PASSED);
        assertThat(passed.store().events()).extracting(HistoryEvent::status).containsExactly(Status.PASSED);
        assertThat(passed.decision().orElseThrow().feedback()).containsExactly(FeedbackOutcome.STEP_UP_PASSED);
    }

    @Test
    void fraudTakesTheTrustAndTheAmountBack() {
        store.apply(decision("evt-1", "acct", "dev", null, Status.ALLOWED, 0, false));

        feedback("evt-1", FeedbackOutcome.FRAUD, Status.FRAUD);

        Snapshot snap = store.snapshot(keys("evt-1", "acct", "dev", null));
        assertThat(snap.account().amounts()).isEmpty();
        assertThat(snap.account().device("dev")).hasValueSatisfying(d -> assertThat(d.trusted()).isFalse());
        assertThat(snap.account().events()).extracting(HistoryEvent::status).containsExactly(Status.FRAUD);
        assertThat(snap.device().events()).extracting(HistoryEvent::status).containsExactly(Status.FRAUD);
    }

    @Test
    void aDecidedEventRefusesASecondDecisionAndAnswersWithTheFirst() {
        Commit first = decision("evt-1", "acct", "dev", "shop", Status.ALLOWED, 0, true);
        store.apply(first);

        Applied again = store.apply(decision("evt-1", "acct", "dev", "shop", Status.BLOCKED, 5, true));

        assertThat(again.applied()).isFalse();
        assertThat(again.stored()).isEqualTo(first.record());
        Snapshot snap = store.snapshot(keys("evt-1", "acct", "dev", "shop"));
        assertThat(snap.account().events()).extracting(HistoryEvent::status).containsExactly(Status.ALLOWED);
        assertThat(snap.device().events()).hasSize(1);
        assertThat(snap.store().events()).hasSize(1);
    }

    @Test
    void feedbackAgainstAStaleRecordIsRefusedAndChangesNothing() {
        store.apply(decision("evt-1", "acct", "dev", null, Status.PENDING, 0, false));
        DecisionRecord read = store.decision("evt-1").orElseThrow();
        feedback("evt-1", FeedbackOutcome.FRAUD, Status.FRAUD);

        Applied stale = store.apply(Commit.feedback(keys("evt-1", "acct", "dev", null), read,
                read.withFeedback(FeedbackOutcome.STEP_UP_PASSED), Status.PASSED));

        assertThat(stale.applied()).isFalse();
        assertThat(stale.stored().feedback()).containsExactly(FeedbackOutcome.FRAUD);
        assertThat(store.snapshot(keys("evt-1", "acct", "dev", null)).account().events())
                .extracting(HistoryEvent::status).containsExactly(Status.FRAUD);
    }

    @Test
    void anImportWithoutARecordIsAppliedOnceHoweverOftenItIsSent() {
        HistoryEvent past = event("old-1", "acct", "dev", "shop", Status.ALLOWED, 0);
        Commit imported = Commit.append(keys("old-1", "acct", "dev", "shop"), null, past, true);

        assertThat(store.apply(imported).applied()).isTrue();
        assertThat(store.apply(imported).applied()).isTrue();

        Snapshot snap = store.snapshot(keys("old-1", "acct", "dev", "shop"));
        assertThat(snap.decision()).isEmpty();
        assertThat(snap.account().events()).hasSize(1);
        assertThat(snap.account().amounts()).hasSize(1);
        assertThat(snap.device().events()).hasSize(1);
        assertThat(snap.store().events()).hasSize(1);
    }

    @Test
    void concurrentDecisionsOnOneAccountAreNeverLost() throws Exception {
        onThreads((t, i) -> store.apply(decision("a-" + t + "-" + i, "acct", "dev-" + t, null, Status.ALLOWED, i, false)));

        AccountState account = store.snapshot(keys("probe", "acct", "none", null)).account();

        assertThat(account.events()).hasSize(THREADS * PER_THREAD);
        assertThat(account.events()).extracting(HistoryEvent::eventId).doesNotHaveDuplicates();
        assertThat(account.amounts()).hasSize(Retention.MAX_AMOUNTS);
        assertThat(account.devices()).hasSize(THREADS);
    }

    @Test
    void concurrentDecisionsOnOneDeviceFromManyAccountsAreNeverLost() throws Exception {
        onThreads((t, i) -> store.apply(decision("d-" + t + "-" + i, "acct-" + t, "shared", null, Status.BLOCKED, i, false)));

        EventLog device = store.snapshot(keys("probe", "nobody", "shared", null)).device();

        assertThat(device.events()).hasSize(THREADS * PER_THREAD);
        assertThat(device.events()).extracting(HistoryEvent::eventId).doesNotHaveDuplicates();
    }

    @Test
    void concurrentAppendsToOneStoreFromManyAccountsAreNeverLost() throws Exception {
        onThreads((t, i) -> store.apply(decision("s-" + t + "-" + i, "acct-" + t, "dev-" + t, "busy", Status.ALLOWED, i, true)));

        EventLog shop = store.snapshot(keys("probe", "nobody", "nothing", "busy")).store();

        assertThat(shop.events()).hasSize(THREADS * PER_THREAD);
        assertThat(shop.events()).extracting(HistoryEvent::eventId).doesNotHaveDuplicates();
    }

    @Test
    void concurrentRetriesOfOneEventApplyExactlyOnce() throws Exception {
        AtomicInteger applied = new AtomicInteger();
        onThreads((t, i) -> {
            if (store.apply(decision("once", "acct", "dev", "shop", Status.ALLOWED, t, true)).applied()) {
                applied.incrementAndGet();
            }
        });

        Snapshot snap = store.snapshot(keys("once", "acct", "dev", "shop"));

        assertThat(applied.get()).isEqualTo(1);
        assertThat(snap.account().events()).hasSize(1);
        assertThat(snap.account().amounts()).hasSize(1);
        assertThat(snap.device().events()).hasSize(1);
        assertThat(snap.store().events()).hasSize(1);
    }

    @Test
    void concurrentFeedbackOnEventsOfOneAccountIsNeverLost() throws Exception {
        for (int t = 0; t < THREADS; t++) {
            for (int i = 0; i < PER_THREAD; i++) {
                store.apply(decision("f-" + t + "-" + i, "acct", "dev", null, Status.PENDING, i, false));
            }
        }

        onThreads((t, i) -> feedback("f-" + t + "-" + i, FeedbackOutcome.STEP_UP_FAILED, Status.FAILED));

        Snapshot snap = store.snapshot(keys("probe", "acct", "dev", null));
        assertThat(snap.account().events()).extracting(HistoryEvent::status).containsOnly(Status.FAILED);
        assertThat(snap.device().events()).extracting(HistoryEvent::status).containsOnly(Status.FAILED);
    }

    @Test
    void attemptsOlderThanTheRetentionBeforeTheNewestArePruned() {
        store.apply(decision("old", "acct", "dev", "shop", Status.BLOCKED, 0, true));
        store.apply(decision("new", "acct", "dev", "shop", Status.BLOCKED, (int) Retention.EVENTS.toMinutes() + 1, true));

        Snapshot snap = store.snapshot(keys("probe", "acct", "dev", "shop"));

        assertThat(snap.account().events()).extracting(HistoryEvent::eventId).containsExactly("new");
        assertThat(snap.device().events()).extracting(HistoryEvent::eventId).containsExactly("new");
        assertThat(snap.store().events()).extracting(HistoryEvent::eventId).containsExactly("new");
    }

    @Test
    void aBusyDeviceKeepsOnlyItsNewestAttempts() {
        int n = Retention.MAX_EVENTS + 5;
        for (int i = 0; i < n; i++) {
            store.apply(decision("b-" + i, "acct-" + (i % 7), "busy", null, Status.BLOCKED, i, false));
        }

        EventLog device = store.snapshot(keys("probe", "nobody", "busy", null)).device();

        assertThat(device.events()).hasSize(Retention.MAX_EVENTS);
        assertThat(device.events().get(0).eventId()).isEqualTo("b-5");
        assertThat(device.events().get(Retention.MAX_EVENTS - 1).eventId()).isEqualTo("b-" + (n - 1));
    }

    @Test
    void anAttemptPrunedPastTheCapDoesNotComeBackWhenSentAgain() {
        // An operation may reach a history twice (a re-run import; on Redis, a commit finished again by a
        // reader or the sweeper). Once the history has pruned its event, it must not come back with its
        // amount, its store visit and its device's trust.
        Commit old = Commit.append(keys("old", "acct", "dev", "shop"), null,
                event("old", "acct", "dev", "shop", Status.ALLOWED, 0), true);
        store.apply(old);
        for (int i = 1; i <= Retention.MAX_EVENTS; i++) {
            store.apply(decision("n-" + i, "acct", "dev", "other", Status.ALLOWED, i, false));
        }
        Snapshot before = store.snapshot(keys("probe", "acct", "dev", "shop"));
        assertThat(before.account().events()).extracting(HistoryEvent::eventId).doesNotContain("old");
        assertThat(before.account().amounts()).extracting(SettledAmount::eventId).doesNotContain("old");
        assertThat(before.account().stores()).extracting(StoreVisit::storeId).contains("shop");

        store.apply(old);

        Snapshot after = store.snapshot(keys("probe", "acct", "dev", "shop"));
        assertThat(after.account().stores()).as("store visits").isEqualTo(before.account().stores());
        assertThat(after).isEqualTo(before);
    }

    @Test
    void aFreezeOutlivesPrunedAttemptsAndRetentionAndTheLaterChangeStands() {
        store.apply(decision("evt-1", "acct", "dev", "shop", Status.ALLOWED, 0, true));
        Commit frozen = freeze("acct", true, START.plusSeconds(60));
        store.apply(frozen);
        // Past the attempts' retention and the account's: the attempt is pruned, the freeze is not.
        clock.advance(java.time.Duration.ofDays(200));
        store.apply(decision("evt-2", "acct", "dev", "shop", Status.BLOCKED, 200 * 24 * 60, true));

        AccountState account = store.snapshot(keys("evt-2", "acct", "dev", "shop")).account();
        assertThat(account.events()).extracting(HistoryEvent::eventId).containsExactly("evt-2");
        assertThat(account.frozen()).isTrue();
        assertThat(account.freeze().why()).isEqualTo("not me on alert a-1");
        assertThat(store.snapshot(keys("evt-2", "other", "dev", "shop")).account().frozen()).as("another account").isFalse();

        store.apply(freeze("acct", false, START.plusSeconds(120)));
        store.apply(frozen); // the old freeze again (a replay, a sweeper): the later unfreeze stands

        assertThat(store.snapshot(keys("evt-2", "acct", "dev", "shop")).account().frozen()).isFalse();
    }

    // --- helpers -----------------------------------------------------------------------------------

    /** The owner's freeze (or its lifting), as {@code AccountFreeze} commits it: the account alone. */
    protected static Commit freeze(String account, boolean frozen, Instant at) {
        return new Commit(keys("account-freeze:" + account, account, "-", null), null, null,
                List.of(new HistoryOp.Freeze(new OwnerFreeze(frozen, frozen ? "not me on alert a-1" : "", at))),
                List.of(), List.of());
    }

    protected static StateKeys keys(String eventId, String account, String device, String shop) {
        return new StateKeys(eventId, account, device, shop);
    }

    protected static HistoryEvent event(String eventId, String account, String device, String shop, Status status,
                                        int minute) {
        return new HistoryEvent(eventId, shop == null ? EventType.CHARGE : EventType.PURCHASE,
                START.plusSeconds(60L * minute), 1000, account, device, shop, status, false,
                List.of(new Resale("tobacco", 1, 560)));
    }

    /** A decision commit: its record and the attempt, as the scorer would write them. */
    protected Commit decision(String eventId, String account, String device, String shop, Status status, int minute,
                              boolean storeRemembers) {
        Verdict verdict = switch (status) {
            case PENDING -> Verdict.STEP_UP;
            case BLOCKED -> Verdict.BLOCK;
            default -> Verdict.ALLOW;
        };
        DecisionRecord record = new DecisionRecord(new Decision(eventId, verdict, minute % 100, List.of(), "test-pack"),
                "hash-" + minute, account, device, shop, clock.instant(), List.of());
        return Commit.append(keys(eventId, account, device, shop), record,
                event(eventId, account, device, shop, status, minute), storeRemembers);
    }

    /** Feedback as the recorder applies it: read the record, replace it if unchanged, else read again. */
    protected void feedback(String eventId, FeedbackOutcome outcome, Status next) {
        while (true) {
            DecisionRecord rec = store.decision(eventId).orElseThrow();
            StateKeys k = keys(eventId, rec.accountId(), rec.deviceId(), rec.storeId());
            if (store.apply(Commit.feedback(k, rec, rec.withFeedback(outcome), next)).applied()) {
                return;
            }
        }
    }

    /** Runs {@code step(thread, i)} PER_THREAD times on each of THREADS threads, all released at once. */
    protected static void onThreads(BiConsumer<Integer, Integer> step) throws Exception {
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
        try {
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
    }
}
