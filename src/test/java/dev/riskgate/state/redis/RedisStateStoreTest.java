package dev.riskgate.state.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.riskgate.MutableClock;
import dev.riskgate.decision.FeedbackOutcome;
import dev.riskgate.state.AnswerWindows;
import dev.riskgate.state.Commit;
import dev.riskgate.state.DecisionRecord;
import dev.riskgate.state.DurableStateStoreContract;
import dev.riskgate.state.HistoryEvent;
import dev.riskgate.state.HistoryOp;
import dev.riskgate.state.Retention;
import dev.riskgate.state.Snapshot;
import dev.riskgate.state.StateStore;
import dev.riskgate.state.StateUnavailable;
import dev.riskgate.state.Status;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
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
        return RedisStateStore.open(server.url(), prefix());
    }

    /** A Redis restarted without persistence, or SCRIPT FLUSH, forgets the scripts every step runs. */
    @Test
    void keepsCommittingAfterRedisForgetsItsScripts() throws Exception {
        store.apply(decision("evt-1", "acct", "dev", "shop", Status.ALLOWED, 0, true));
        Process flush = new ProcessBuilder("redis-cli", "-p", Integer.toString(server.port()), "SCRIPT", "FLUSH")
                .redirectErrorStream(true).start();
        assertThat(new String(flush.getInputStream().readAllBytes()).trim()).isEqualTo("OK");

        assertThat(store.apply(decision("evt-2", "acct", "dev", "shop", Status.ALLOWED, 1, true)).applied()).isTrue();

        Snapshot snap = store.snapshot(keys("evt-3", "acct", "dev", "shop"));
        assertThat(snap.account().events()).extracting(HistoryEvent::eventId).containsExactly("evt-1", "evt-2");
        assertThat(snap.device().events()).extracting(HistoryEvent::eventId).containsExactly("evt-1", "evt-2");
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
        try (Raw raw = new Raw()) {
            assertThat(raw.redis.llen(prefix() + "a:acct")).isLessThanOrEqualTo(RedisStateStore.COMPACT_AT + 1L);
            assertThat(raw.redis.llen(prefix() + "s:shop")).isLessThanOrEqualTo(RedisStateStore.COMPACT_AT + 1L);
        }
    }

    @Test
    void anInstanceWhoseHistoryWasCompactedByAnotherReadsItWholeAgain() {
        store.apply(decision("first", "acct", "dev", "shop", Status.ALLOWED, 0, true));
        assertThat(store.snapshot(keys("probe", "acct", "dev", "shop")).account().events()).hasSize(1);
        int n = RedisStateStore.COMPACT_AT + 10;
        try (StateStore other = open(dataDir, clock)) {
            for (int i = 1; i <= n; i++) {
                other.apply(decision("o-" + i, "acct", "dev", "shop", Status.ALLOWED, i, true));
            }
            assertThat(other.snapshot(keys("probe", "acct", "dev", "shop")).account().events()).hasSize(n + 1);
        }
        store.apply(decision("last", "acct", "dev", "shop", Status.ALLOWED, n + 1, true));

        Snapshot snap = store.snapshot(keys("probe", "acct", "dev", "shop"));

        assertThat(snap.account().events()).extracting(HistoryEvent::eventId).hasSize(n + 2)
                .startsWith("first", "o-1").endsWith("last").doesNotHaveDuplicates();
        assertThat(snap.store().events()).hasSize(n + 2);
    }

    @Test
    void aHistoryThatExpiredAndBeganAgainIsNotReadOnTopOfTheOldOne() {
        String longId = "merchant-0001-terminal-0001-batch-0001-transaction-000000000";
        store.apply(decision(longId + "1", "acct", "dev", null, Status.ALLOWED, 0, false));
        assertThat(store.snapshot(keys("probe", "acct", "dev", null)).account().events()).hasSize(1);
        try (Raw raw = new Raw()) {
            raw.redis.del(prefix() + "a:acct");
        }
        store.apply(decision(longId + "2", "acct", "dev", null, Status.ALLOWED, 1, false));
        store.apply(decision(longId + "3", "acct", "dev", null, Status.ALLOWED, 2, false));

        assertThat(store.snapshot(keys("probe", "acct", "dev", null)).account().events())
                .extracting(HistoryEvent::eventId).containsExactly(longId + "2", longId + "3");
    }

    /** An event hash an earlier version wrote (the whole record in r, no answer key) after an upgrade. */
    @Test
    void aWholeRecordAnEarlierVersionWroteIsReadWholeAndTakesFeedback() {
        Commit decided = decision("evt-1", "acct", "dev", "shop", Status.PENDING, 0, true);
        DecisionRecord old = new DecisionRecord(decided.record().answer(), decided.record().requestHash(), "acct", "dev",
                "shop", Instant.now(), java.util.List.of());
        store.apply(Commit.append(decided.keys(), null, ((HistoryOp.Append) decided.account().get(0)).event(), true));
        try (Raw raw = new Raw()) {
            raw.redis.hset(prefix() + "e:evt-1", "r", RedisValues.encodeWhole(old));
            raw.redis.pexpire(prefix() + "e:evt-1", Duration.ofDays(30).toMillis());
        }

        assertThat(store.decision("evt-1")).contains(old);
        assertThat(store.apply(decision("evt-1", "acct", "dev", "shop", Status.ALLOWED, 1, true)).stored()).isEqualTo(old);
        feedback("evt-1", FeedbackOutcome.STEP_UP_PASSED, Status.PASSED);

        assertThat(store.decision("evt-1")).as("still whole: its answer now in the answer key, for the rest of its window")
                .contains(old.withFeedback(FeedbackOutcome.STEP_UP_PASSED));
        assertThat(store.snapshot(keys("evt-1", "acct", "dev", "shop")).account().events())
                .extracting(HistoryEvent::status).containsExactly(Status.PASSED);
    }

    /** On one server a decision is two scripts (issue 16): the snapshot and the whole commit, nothing pending. */
    @Test
    void onOneServerADecisionIsOneScriptToReadAndOneToCommit() {
        store.apply(decision("warm", "acct", "dev", "shop", Status.ALLOWED, 0, true));
        store.snapshot(keys("warm", "acct", "dev", "shop"));
        try (Raw raw = new Raw()) {
            raw.redis.configResetstat();

            store.snapshot(keys("evt-1", "acct", "dev", "shop"));
            assertThat(store.apply(decision("evt-1", "acct", "dev", "shop", Status.ALLOWED, 1, true)).applied()).isTrue();

            Map<String, Long> calls = commandCalls(raw);
            // Redis counts the commands a script runs too: the scripts' own are the stepwise path's top-level
            // ones (it sends HMGET, GET and eight scripts), so the scripts called tell the paths apart.
            assertThat(calls).as("commands Redis ran").containsEntry("evalsha", 2L)
                    .doesNotContainKeys("hmget", "eval", "script|load");
            assertThat(raw.redis.hexists(prefix() + "e:evt-1", "p")).as("never pending").isFalse();
            assertThat(raw.redis.exists(indexOf("evt-1"))).as("never listed").isZero();
        }
        assertThat(store.snapshot(keys("probe", "acct", "dev", "shop")).store().events())
                .extracting(HistoryEvent::eventId).containsExactly("warm", "evt-1");
    }

    /**
     * Feedback that meets a record still carrying another commit's operations (an instance on the
     * stepwise path, of an earlier release, died after its record script) puts those on the histories
     * before its own, as the stepwise path does.
     */
    @Test
    void feedbackOnARecordLeftPendingAppliesTheEarlierOperationsFirst() {
        Commit decided = decision("evt-1", "acct", "dev", "shop", Status.PENDING, 0, true);
        ((RedisStateStore) store).applyUntil(decided, RedisStateStore.Step.RECORD);
        DecisionRecord rec = decided.record();
        Commit feedback = Commit.feedback(decided.keys(), rec, rec.withFeedback(FeedbackOutcome.STEP_UP_PASSED),
                Status.PASSED);

        assertThat(store.apply(feedback).applied()).isTrue();

        Snapshot snap = store.snapshot(keys("probe", "acct", "dev", "shop"));
        assertThat(snap.account().events()).extracting(HistoryEvent::status).containsExactly(Status.PASSED);
        assertThat(snap.store().events()).extracting(HistoryEvent::status).containsExactly(Status.PASSED);
        assertThat(store.decision("evt-1")).contains(rec.withFeedback(FeedbackOutcome.STEP_UP_PASSED));
        try (Raw raw = new Raw()) {
            assertThat(raw.redis.hexists(prefix() + "e:evt-1", "p")).isFalse();
        }
    }

    /** A retry that meets its own event left pending finishes it, and is refused with the stored answer. */
    @Test
    void aRetryOfACommitLeftPendingFinishesItAndIsRefused() {
        Commit commit = decision("evt-1", "acct", "dev", "shop", Status.ALLOWED, 0, true);
        ((RedisStateStore) store).applyUntil(commit, RedisStateStore.Step.RECORD);

        assertThat(store.apply(commit).stored()).isEqualTo(commit.record());

        Snapshot snap = store.snapshot(keys("probe", "acct", "dev", "shop"));
        assertThat(snap.account().events()).extracting(HistoryEvent::eventId).containsExactly("evt-1");
        assertThat(snap.device().events()).extracting(HistoryEvent::eventId).containsExactly("evt-1");
        assertThat(snap.store().events()).extracting(HistoryEvent::eventId).containsExactly("evt-1");
    }

    @Test
    void aRecordWhoseWriterStoppedBeforeTheHistoriesIsFinishedByTheNextReader() {
        Commit commit = decision("evt-1", "acct", "dev", "shop", Status.ALLOWED, 0, true);
        // What an instance leaves behind when it dies right after the record script.
        ((RedisStateStore) store).applyUntil(commit, RedisStateStore.Step.RECORD);

        Snapshot snap = store.snapshot(keys("evt-1", "acct", "dev", "shop"));

        assertThat(snap.decision()).contains(commit.record());
        assertThat(snap.account().events()).extracting(HistoryEvent::eventId).containsExactly("evt-1");
        assertThat(snap.device().events()).extracting(HistoryEvent::eventId).containsExactly("evt-1");
        assertThat(snap.store().events()).extracting(HistoryEvent::eventId).containsExactly("evt-1");
        assertThat(store.apply(commit).applied()).isFalse();
        assertThat(store.snapshot(keys("evt-1", "acct", "dev", "shop")).account().events()).hasSize(1);
    }

    @Test
    void aRecordWhoseWriterDiedBeforeTheHistoriesIsFinishedByASweepWithoutAnyoneReadingIt() {
        Commit commit = decision("evt-1", "acct", "dev", "shop", Status.ALLOWED, 0, true);
        ((RedisStateStore) store).applyUntil(commit, RedisStateStore.Step.RECORD);
        try (Raw raw = new Raw()) {
            assertThat(raw.redis.hexists(prefix() + "e:evt-1", "p")).as("operations left pending").isTrue();
            assertThat(raw.redis.zscore(indexOf("evt-1"), bytes("evt-1"))).as("listed for the sweeper").isNotNull();
        }

        try (RedisStateStore other = RedisStateStore.open(server.url(), prefix())) {
            assertThat(other.sweep(System.currentTimeMillis())).isEqualTo(1);
            assertThat(other.sweep(System.currentTimeMillis())).as("a second sweep finds nothing").isZero();

            Snapshot snap = other.snapshot(keys("probe", "acct", "dev", "shop"));
            assertThat(snap.account().events()).extracting(HistoryEvent::eventId).containsExactly("evt-1");
            assertThat(snap.device().events()).extracting(HistoryEvent::eventId).containsExactly("evt-1");
            assertThat(snap.store().events()).extracting(HistoryEvent::eventId).containsExactly("evt-1");
        }
        try (Raw raw = new Raw()) {
            assertThat(raw.redis.hexists(prefix() + "e:evt-1", "p")).isFalse();
            assertThat(raw.redis.zscore(indexOf("evt-1"), bytes("evt-1"))).isNull();
            assertThat(raw.redis.hget(prefix() + "e:evt-1", "r")).isEqualTo(RedisValues.encodeRecord(commit.record()));
        }
    }

    @Test
    void everyInstanceSweepsOnItsOwn() throws Exception {
        ((RedisStateStore) store).applyUntil(decision("evt-1", "acct", "dev", "shop", Status.ALLOWED, 0, true),
                RedisStateStore.Step.RECORD);

        // Nothing but the other instance's own timer runs here; the wait is for it, not a latency bound.
        try (RedisStateStore other = RedisStateStore.open(server.url(), prefix(), Duration.ofMillis(100), Duration.ZERO);
             Raw raw = new Raw()) {
            Instant giveUp = Instant.now().plusSeconds(30);
            while (raw.redis.hexists(prefix() + "e:evt-1", "p") && Instant.now().isBefore(giveUp)) {
                Thread.sleep(50);
            }
            assertThat(raw.redis.hexists(prefix() + "e:evt-1", "p")).as("finished by the sweeper").isFalse();
            assertThat(other.snapshot(keys("probe", "acct", "dev", "shop")).account().events())
                    .extracting(HistoryEvent::eventId).containsExactly("evt-1");
        }
    }

    @Test
    void aSweepLeavesCommitsYoungerThanItsCutoffToTheirWriters() {
        long before = System.currentTimeMillis() - 1;
        ((RedisStateStore) store).applyUntil(decision("evt-1", "acct", "dev", "shop", Status.ALLOWED, 0, true),
                RedisStateStore.Step.RECORD);

        assertThat(((RedisStateStore) store).sweep(before)).isZero();

        try (Raw raw = new Raw()) {
            assertThat(raw.redis.hexists(prefix() + "e:evt-1", "p")).isTrue();
            assertThat(raw.redis.llen(prefix() + "a:acct")).isZero();
        }
    }

    @Test
    void aFinishedCommitLeavesNothingPendingOrListed() {
        store.apply(decision("evt-1", "acct", "dev", "shop", Status.PENDING, 0, true));
        feedback("evt-1", FeedbackOutcome.STEP_UP_PASSED, Status.PASSED);
        // Same connection, so this runs after the unawaited settle of the feedback.
        store.decision("evt-1");

        try (Raw raw = new Raw()) {
            assertThat(raw.redis.hexists(prefix() + "e:evt-1", "p")).isFalse();
            assertThat(raw.redis.exists(indexOf("evt-1"))).as("the index key of an empty slot is gone").isZero();
        }
    }

    @Test
    void anIndexEntryWhoseRecordIsGoneIsDropped() {
        try (Raw raw = new Raw()) {
            raw.redis.zadd(indexOf("expired"), 1.0, bytes("expired"));

            assertThat(((RedisStateStore) store).sweep(System.currentTimeMillis())).isZero();

            assertThat(raw.redis.zscore(indexOf("expired"), bytes("expired"))).isNull();
        }
    }

    @Test
    void aCommitFinishedAgainAfterItsEventWasPrunedDoesNotComeBack() {
        // The writer appended everything but its settle was lost: the record still lists the operations.
        ((RedisStateStore) store).applyUntil(decision("old", "acct", "dev", "shop", Status.ALLOWED, 0, true),
                RedisStateStore.Step.APPENDS);
        for (int i = 1; i <= Retention.MAX_EVENTS; i++) {
            store.apply(decision("n-" + i, "acct", "dev", "other", Status.ALLOWED, i, false));
        }
        Snapshot before = store.snapshot(keys("probe", "acct", "dev", "shop"));
        assertThat(before.account().events()).extracting(HistoryEvent::eventId).doesNotContain("old");
        assertThat(before.device().events()).extracting(HistoryEvent::eventId).doesNotContain("old");

        assertThat(((RedisStateStore) store).sweep(System.currentTimeMillis())).as("the sweeper applies it again").isEqualTo(1);

        Snapshot after = store.snapshot(keys("probe", "acct", "dev", "shop"));
        assertThat(after.account().stores()).as("store visits").isEqualTo(before.account().stores());
        assertThat(after).isEqualTo(before);
    }

    @Test
    void keysExpireWithTheirRetention() {
        store.apply(decision("evt-1", "acct", "dev", "shop", Status.ALLOWED, 0, true));

        try (Raw raw = new Raw()) {
            assertThat(raw.redis.pttl(prefix() + "e:evt-1")).isBetween(1L, AnswerWindows.DEFAULT.feedback().toMillis());
            assertThat(raw.redis.pttl(prefix() + "a:acct")).isGreaterThan(Retention.EVENTS.toMillis())
                    .isLessThanOrEqualTo(Retention.PROFILE.toMillis());
            assertThat(raw.redis.pttl(prefix() + "d:dev")).isBetween(1L, Retention.EVENTS.toMillis());
            assertThat(raw.redis.pttl(prefix() + "s:shop")).isBetween(1L, Retention.EVENTS.toMillis());
        }
    }

    @Test
    void aRedisThatIsGoneFailsTheCallAsUnavailableInsteadOfQueueing(@TempDir Path elsewhere) throws Exception {
        RedisServer doomed = RedisServer.start(elsewhere);
        try (StateStore onDoomed = RedisStateStore.open(doomed.url(), "doomed:")) {
            onDoomed.apply(decision("evt-1", "acct", "dev", null, Status.ALLOWED, 0, false));
            doomed.close();

            assertThatThrownBy(() -> onDoomed.apply(decision("evt-2", "acct", "dev", null, Status.ALLOWED, 1, false)))
                    .isInstanceOf(StateUnavailable.class);
            assertThatThrownBy(() -> onDoomed.snapshot(keys("evt-2", "acct", "dev", null)))
                    .isInstanceOf(StateUnavailable.class);
        }
        assertThatThrownBy(() -> RedisStateStore.open(doomed.url(), "doomed:")).isInstanceOf(StateUnavailable.class);
    }

    /** How many times Redis ran each command since its statistics were reset, from INFO commandstats. */
    private static Map<String, Long> commandCalls(Raw raw) {
        Map<String, Long> calls = new java.util.HashMap<>();
        for (String line : raw.redis.info("commandstats").split("\r?\n")) {
            if (line.startsWith("cmdstat_")) {
                String name = line.substring("cmdstat_".length(), line.indexOf(':'));
                String count = line.substring(line.indexOf("calls=") + "calls=".length());
                calls.put(name, Long.parseLong(count.substring(0, count.indexOf(','))));
            }
        }
        return calls;
    }

    private String prefix() {
        return "t" + dataDir.getFileName() + ":";
    }

    private String indexOf(String eventId) {
        return PendingIndex.keyFor(prefix(), prefix() + "e:" + eventId);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** A plain client on the test's server, to look at keys as Redis holds them. */
    private static final class Raw implements AutoCloseable {
        private final RedisClient client = RedisClient.create(server.url());
        private final StatefulRedisConnection<String, byte[]> connection =
                client.connect(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE));
        final RedisCommands<String, byte[]> redis = connection.sync();

        @Override
        public void close() {
            connection.close();
            client.shutdown();
        }
    }
}
