package dev.riskgate.state.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.riskgate.MutableClock;
import dev.riskgate.decision.FeedbackOutcome;
import dev.riskgate.state.AccountState;
import dev.riskgate.state.AnswerWindows;
import dev.riskgate.state.DecisionRecord;
import dev.riskgate.state.DurableStateStoreContract;
import dev.riskgate.state.HistoryEvent;
import dev.riskgate.state.Retention;
import dev.riskgate.state.Snapshot;
import dev.riskgate.state.StateKeys;
import dev.riskgate.state.StateStore;
import dev.riskgate.state.Status;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import dev.riskgate.state.OutboxEntry;
import java.time.Duration;
import java.util.List;

class JournalStateStoreTest extends DurableStateStoreContract {

    @Override
    protected StateStore open(Path dataDir, MutableClock clock) {
        return JournalStateStore.open(dataDir, clock, false);
    }

    private JournalStateStore journal() {
        return (JournalStateStore) store;
    }

    private void crashAndRestart() {
        journal().closeWithoutCheckpoint();
        store = open(dataDir, clock);
    }

    @Test
    void pendingAlertsOutliveTheJournalACheckpointDropsAndACrash() throws Exception {
        OutboxEntry kept = alert("evt-k", "kept");
        OutboxEntry sent = alert("evt-s", "sent");
        store.apply(decision("evt-k", "acct", "dev", null, Status.BLOCKED, 0, false).withAlerts(List.of(kept)));
        store.apply(decision("evt-s", "acct", "dev", null, Status.BLOCKED, 1, false).withAlerts(List.of(sent)));
        journal().checkpoint();
        store.outbox().claim(sent.alertId(), sent.eventId(), Duration.ofMinutes(1));
        store.outbox().done(sent, true);
        OutboxEntry late = alert("evt-l", "late");
        store.apply(decision("evt-l", "acct", "dev", null, Status.BLOCKED, 2, false).withAlerts(List.of(late)));

        crashAndRestart(); // the journal after the checkpoint replays evt-l; evt-k's frame is gone with its segment

        assertThat(store.outbox().claimDue(10, Duration.ofMinutes(1))).containsExactlyInAnyOrder(kept, late);
    }

    @Test
    void anOutboxLineTornByACrashIsQueuedAgainFromTheJournal() throws Exception {
        OutboxEntry torn = alert("evt-t", "torn");
        store.apply(decision("evt-t", "acct", "dev", null, Status.BLOCKED, 0, false).withAlerts(List.of(torn)));
        journal().closeWithoutCheckpoint();
        Path file = dataDir.resolve("journal").resolve("outbox.log");
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length - 7));
        store = open(dataDir, clock);

        assertThat(store.outbox().claimDue(10, Duration.ofMinutes(1))).containsExactly(torn);
    }

    /**
     * Commits from many threads at once are written in groups (one caller writes the frames queued behind
     * it): each still gets its own lsn, in file order, and after a crash every acknowledged one is there.
     */
    @Test
    void commitsWrittenTogetherAllSurviveACrash() throws Exception {
        onThreads((t, i) -> store.apply(decision("g-" + t + "-" + i, "acct-" + t, "dev-" + t, "shop", Status.ALLOWED, i, false)));

        crashAndRestart();

        for (int t = 0; t < THREADS; t++) {
            for (int i = 0; i < PER_THREAD; i++) {
                assertThat(store.decision("g-" + t + "-" + i)).as("g-%d-%d after the crash", t, i).isPresent();
            }
            assertThat(store.snapshot(keys("probe", "acct-" + t, "dev-" + t, null)).account().events()).hasSize(PER_THREAD);
        }
    }

    @Test
    void aRestartWithoutCheckpointReplaysTheJournal() {
        store.apply(decision("evt-1", "acct", "dev", "shop", Status.PENDING, 0, true));
        feedback("evt-1", FeedbackOutcome.STEP_UP_PASSED, Status.PASSED);
        Snapshot before = store.snapshot(keys("evt-1", "acct", "dev", "shop"));

        crashAndRestart();

        assertThat(store.snapshot(keys("evt-1", "acct", "dev", "shop"))).isEqualTo(before);
    }

    @Test
    void aFrameTornByACrashIsDroppedAndEverythingBeforeItRecovered() throws Exception {
        store.apply(decision("evt-1", "acct", "dev", null, Status.ALLOWED, 0, false));
        store.apply(decision("evt-2", "acct", "dev", null, Status.ALLOWED, 1, false));
        journal().closeWithoutCheckpoint();
        Path newest = newestSegment();
        Files.write(newest, new byte[] {0, 0, 1, 0, 7, 7, 7}, StandardOpenOption.APPEND);

        store = open(dataDir, clock);
        store.apply(decision("evt-3", "acct", "dev", null, Status.ALLOWED, 2, false));
        crashAndRestart();

        assertThat(store.snapshot(keys("probe", "acct", "dev", null)).account().events())
                .extracting(HistoryEvent::eventId).containsExactly("evt-1", "evt-2", "evt-3");
    }

    @Test
    void aCheckpointAndTheJournalAfterItRestoreEverythingAndOlderSegmentsGo() throws Exception {
        store.apply(decision("evt-1", "acct", "dev", "shop", Status.PENDING, 0, true));
        journal().checkpoint();
        store.apply(decision("evt-2", "acct", "dev", "shop", Status.ALLOWED, 1, true));
        feedback("evt-1", FeedbackOutcome.FRAUD, Status.FRAUD);
        Snapshot before = store.snapshot(keys("evt-1", "acct", "dev", "shop"));

        crashAndRestart();

        assertThat(store.snapshot(keys("evt-1", "acct", "dev", "shop"))).isEqualTo(before);
        assertThat(files("checkpoint-")).hasSize(1);
        String firstKept = files("checkpoint-").get(0).replace("checkpoint-", "segment-").replace(".bin", ".log");
        assertThat(files("segment-")).isNotEmpty().allMatch(s -> s.compareTo(firstKept) >= 0);
    }

    @Test
    void replayingCommitsTheCheckpointAlreadyHoldsChangesNothing() throws Exception {
        store.apply(decision("evt-1", "acct", "dev", "shop", Status.PENDING, 0, true));
        feedback("evt-1", FeedbackOutcome.STEP_UP_PASSED, Status.PASSED);
        feedback("evt-1", FeedbackOutcome.FRAUD, Status.FRAUD);
        store.apply(decision("evt-2", "acct", "dev", "shop", Status.ALLOWED, 1, true));
        journal().closeWithoutCheckpoint();
        byte[] oldJournal = Files.readAllBytes(newestSegment());
        store = open(dataDir, clock);
        journal().checkpoint();
        Snapshot before = store.snapshot(keys("evt-1", "acct", "dev", "shop"));
        journal().closeWithoutCheckpoint();
        Files.write(newestSegment(), oldJournal, StandardOpenOption.TRUNCATE_EXISTING);

        store = open(dataDir, clock);

        assertThat(store.snapshot(keys("evt-1", "acct", "dev", "shop"))).isEqualTo(before);
    }

    @Test
    void aCheckpointForgetsDeliveredAlertsAndKeepsPendingOnesWithTheirRetryTimeAndDeadLetters() throws Exception {
        OutboxEntry kept = alert("evt-k", "kept");
        OutboxEntry dead = alert("evt-x", "dead");
        store.apply(decision("evt-k", "acct", "dev", null, Status.BLOCKED, 0, false).withAlerts(List.of(kept)));
        store.apply(decision("evt-x", "acct", "dev", null, Status.BLOCKED, 1, false).withAlerts(List.of(dead)));
        for (int i = 0; i < 500; i++) {
            OutboxEntry sent = alert("evt-s" + i, "sent");
            store.apply(decision("evt-s" + i, "acct-" + i, "dev-" + i, null, Status.BLOCKED, 2, false)
                    .withAlerts(List.of(sent)));
            store.outbox().claim(sent.alertId(), sent.eventId(), Duration.ofMinutes(1));
            store.outbox().done(sent, true);
        }
        store.outbox().claim(dead.alertId(), dead.eventId(), Duration.ofMinutes(1));
        store.outbox().done(dead, false);
        store.outbox().claim(kept.alertId(), kept.eventId(), Duration.ofMinutes(1));
        store.outbox().retryAt(kept, clock.instant().plus(Duration.ofHours(1)));
        Path file = dataDir.resolve("journal").resolve(JournalOutbox.FILE);
        long before = Files.size(file);

        journal().checkpoint();
        long after = Files.size(file);
        System.out.printf("outbox.log: %d bytes with 500 delivered alerts, %d after the checkpoint%n", before, after);

        assertThat(after).as("only the pending alert and the dead letter are left").isLessThan(before / 50);
        crashAndRestart();
        assertThat(store.outbox().claimDue(10, Duration.ofMinutes(1))).as("the retry keeps its time").isEmpty();
        assertThat(store.outbox().backlog().pending()).isEqualTo(1);
        clock.advance(Duration.ofHours(1));
        assertThat(store.outbox().claimDue(10, Duration.ofMinutes(1))).containsExactly(kept);
        assertThat(store.outbox().requeue(dead.alertId(), dead.eventId())).as("a dead letter").isTrue();
        assertThat(store.outbox().requeue(alert("evt-s0", "sent").alertId(), "evt-s0")).as("forgotten").isFalse();
    }

    @Test
    void anotherStoreCannotOpenADirectoryInUse() {
        assertThatThrownBy(() -> open(dataDir, clock)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("in use by another riskgate process");
    }

    @Test
    void entriesPastTheirRetentionReadAsAbsentAndAreSwept() {
        store.apply(decision("evt-1", "acct", "dev", "shop", Status.ALLOWED, 0, true));
        clock.advance(Retention.EVENTS.plusDays(1));

        assertThat(store.decision("evt-1")).hasValueSatisfying(r -> assertThat(r.answerKept()).isFalse());
        assertThat(store.snapshot(keys("probe", "acct", "dev", "shop")).device().events()).isEmpty();
        assertThat(store.snapshot(keys("probe", "acct", "dev", "shop")).account().events()).hasSize(1);
        assertThat(journal().sweepExpired()).as("the device log and the store log").isEqualTo(2);
        clock.advance(AnswerWindows.DEFAULT.feedback());
        assertThat(store.decision("evt-1")).isEmpty();
        assertThat(journal().sweepExpired()).as("the decision and the account").isEqualTo(2);
        assertThat(journal().entries()).isZero();
    }

    @Test
    void aFrozenAccountIsNeitherSweptNorExpiredNorLostInTheJournalOrACheckpoint() {
        store.apply(decision("evt-1", "acct", "dev", null, Status.ALLOWED, 0, false));
        store.apply(decision("evt-2", "idle", "dev", null, Status.ALLOWED, 0, false));
        store.apply(freeze("acct", true, START.plusSeconds(60)));
        crashAndRestart(); // the freeze comes back from the journal

        clock.advance(Retention.PROFILE.plusDays(20));
        journal().sweepExpired();
        assertThat(store.snapshot(keys("probe", "acct", "dev", null)).account().frozen()).isTrue();
        assertThat(store.snapshot(keys("probe", "idle", "dev", null)).account()).as("an idle account expires")
                .isEqualTo(AccountState.EMPTY);
        journal().checkpoint();
        crashAndRestart(); // from the checkpoint, packed
        journal().sweepExpired();

        assertThat(store.snapshot(keys("probe", "acct", "dev", null)).account().freeze().why()).isEqualTo("not me on alert a-1");
    }

    @Test
    void aDecisionPastItsRetentionIsNotRestoredByARestart() {
        store.apply(decision("evt-1", "acct", "dev", null, Status.ALLOWED, 0, false));
        clock.advance(AnswerWindows.DEFAULT.feedback().plusDays(1));

        crashAndRestart();

        assertThat(store.decision("evt-1")).isEmpty();
    }

    @Test
    void aCheckpointOfPackedAndUnpackedKeysIsReadBackIdentical() throws Exception {
        store.apply(decision("evt-1", "acct-1", "dev-1", "shop", Status.PENDING, 0, true));
        store.apply(decision("evt-2", "acct-2", "dev-2", "shop", Status.ALLOWED, 1, true));
        feedback("evt-1", FeedbackOutcome.STEP_UP_PASSED, Status.PASSED);
        journal().packIdle();
        journal().packIdle();
        store.apply(decision("evt-3", "acct-2", "dev-2", null, Status.BLOCKED, 2, false));
        assertThat(journal().unpacked()).as("acct-2, dev-2 and evt-3 in use, the rest packed").isEqualTo(3);
        Snapshot one = store.snapshot(keys("evt-1", "acct-1", "dev-1", "shop"));
        Snapshot two = store.snapshot(keys("evt-3", "acct-2", "dev-2", "shop"));
        journal().checkpoint();

        crashAndRestart();

        assertThat(journal().unpacked()).as("a restart loads every key packed").isZero();
        assertThat(store.snapshot(keys("evt-1", "acct-1", "dev-1", "shop"))).isEqualTo(one);
        assertThat(store.snapshot(keys("evt-3", "acct-2", "dev-2", "shop"))).isEqualTo(two);
        assertThat(store.decision("evt-2")).isPresent();
    }

    @Test
    void idleKeysArePackedAndAReadBringsThemBackAsObjects() {
        store.apply(decision("evt-1", "acct", "dev", "shop", Status.ALLOWED, 0, true));
        Snapshot before = store.snapshot(keys("evt-1", "acct", "dev", "shop"));

        assertThat(journal().packIdle()).as("used since the last pass: kept").isZero();
        assertThat(journal().packIdle()).as("the record, the account, the device and the store").isEqualTo(4);
        assertThat(journal().unpacked()).isZero();

        assertThat(store.snapshot(keys("evt-1", "acct", "dev", "shop"))).isEqualTo(before);
        assertThat(journal().unpacked()).isEqualTo(4);
        assertThat(journal().entries()).as("each key held once").isEqualTo(4);
    }

    @Test
    void idleKeysAreReadFromTheNewestCheckpointAndOlderOnesAreClosedAndDeleted() throws Exception {
        for (int i = 0; i < 50; i++) {
            store.apply(decision("evt-" + i, "acct-" + i, "dev-" + (i % 7), "shop", Status.ALLOWED, i, true));
        }
        Snapshot before = store.snapshot(keys("evt-3", "acct-3", "dev-3", "shop"));
        journal().packIdle();
        journal().packIdle();
        journal().checkpoint();
        String first = files("checkpoint-").get(0);
        store.apply(decision("evt-50", "acct-50", "dev-1", null, Status.ALLOWED, 50, false));
        journal().packIdle();
        journal().packIdle();

        journal().checkpoint();

        assertThat(files("checkpoint-")).doesNotContain(first).hasSize(1);
        assertThat(journal().unpacked()).isZero();
        assertThat(store.snapshot(keys("evt-3", "acct-3", "dev-3", "shop"))).isEqualTo(before);
        assertThat(store.snapshot(keys("evt-50", "acct-50", "dev-1", null)).device().events())
                .extracting(HistoryEvent::eventId).contains("evt-1", "evt-50");
        crashAndRestart();
        assertThat(store.snapshot(keys("evt-3", "acct-3", "dev-3", "shop"))).isEqualTo(before);
    }

    @Test
    void decisionsRacingPackingAndCheckpointsLoseNothing() throws Exception {
        java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
        Thread churn = new Thread(() -> {
            while (!done.get()) {
                journal().packIdle();
                journal().packIdle();
                journal().checkpoint();
            }
        });
        churn.start();
        try {
            onThreads((t, i) -> {
                String account = "acct-" + (i % 5);
                store.apply(decision("evt-" + t + "-" + i, account, "dev-" + t, null, Status.ALLOWED, i, false));
                assertThat(store.snapshot(keys("probe", account, "dev-" + t, null)).device().events())
                        .as("a device's own acknowledged attempts are all there").hasSize(i + 1);
            });
        } finally {
            done.set(true);
            churn.join();
        }
        crashAndRestart();
        int total = 0;
        for (int a = 0; a < 5; a++) {
            total += store.snapshot(keys("probe", "acct-" + a, "dev-0", null)).account().events().size();
        }
        assertThat(total).as("8 threads x 50 decisions, as onThreads runs them").isEqualTo(8 * 50);
    }

    @Test
    void commitsFoldOntoPackedKeysAsOntoObjects() {
        StateStore plain = new dev.riskgate.state.memory.MemoryStateStore();
        java.util.function.Consumer<dev.riskgate.state.Commit> both = c -> {
            store.apply(c);
            plain.apply(c);
            journal().packIdle();
            journal().packIdle();
        };
        both.accept(decision("evt-1", "acct", "dev", "shop", Status.PENDING, 0, true));
        both.accept(decision("evt-2", "acct", "dev-2", "shop", Status.ALLOWED, 1, true));
        DecisionRecord rec = store.decision("evt-1").orElseThrow();
        both.accept(dev.riskgate.state.Commit.feedback(keys("evt-1", "acct", "dev", "shop"), rec,
                rec.withFeedback(FeedbackOutcome.STEP_UP_PASSED), Status.PASSED));
        rec = store.decision("evt-2").orElseThrow();
        both.accept(dev.riskgate.state.Commit.feedback(keys("evt-2", "acct", "dev-2", "shop"), rec,
                rec.withFeedback(FeedbackOutcome.FRAUD), Status.FRAUD));

        for (String device : new String[] {"dev", "dev-2"}) {
            StateKeys k = keys("evt-1", "acct", device, "shop");
            assertThat(store.snapshot(k)).isEqualTo(plain.snapshot(k));
        }
        assertThat(store.snapshot(keys("evt-1", "acct", "dev", "shop")).account().devices())
                .as("the passed step-up trusted its device").anyMatch(d -> d.deviceId().equals("dev") && d.trusted());
    }

    @Test
    void aCheckpointTornByACrashIsIgnoredForThePreviousOneAndItsJournal() throws Exception {
        store.apply(decision("evt-1", "acct", "dev", "shop", Status.ALLOWED, 0, true));
        journal().checkpoint();
        store.apply(decision("evt-2", "acct", "dev", "shop", Status.ALLOWED, 1, true));
        Snapshot before = store.snapshot(keys("evt-2", "acct", "dev", "shop"));
        journal().closeWithoutCheckpoint();
        Path complete = dataDir.resolve("journal").resolve(files("checkpoint-").get(0));
        byte[] bytes = Files.readAllBytes(complete);
        String next = files("segment-").get(files("segment-").size() - 1).replace("segment-", "checkpoint-")
                .replace(".log", ".tmp");
        Files.write(dataDir.resolve("journal").resolve(next), java.util.Arrays.copyOf(bytes, bytes.length / 2));

        store = open(dataDir, clock);

        assertThat(store.snapshot(keys("evt-2", "acct", "dev", "shop"))).isEqualTo(before);
        assertThat(files("checkpoint-")).as("the torn temporary is removed").noneMatch(f -> f.endsWith(".tmp"));
    }

    @Test
    void aDamagedCheckpointStopsTheStartRatherThanLosingWhatItHeld() throws Exception {
        store.apply(decision("evt-1", "acct", "dev", "shop", Status.ALLOWED, 0, true));
        journal().checkpoint();
        journal().closeWithoutCheckpoint();
        Path checkpoint = dataDir.resolve("journal").resolve(files("checkpoint-").get(0));
        byte[] bytes = Files.readAllBytes(checkpoint);
        byte[] intact = bytes.clone();
        bytes[bytes.length / 2] ^= 0x40;
        Files.write(checkpoint, bytes);

        assertThatThrownBy(() -> open(dataDir, clock)).hasMessageContaining("checkpoint");

        Files.write(checkpoint, intact);
        store = open(dataDir, clock);
        assertThat(store.decision("evt-1")).as("the failed start released the directory and changed nothing").isPresent();
    }

    /** Version 1 was written for one afternoon (2026-11-26); its reader went with the one codec (Checkpoint). */
    @Test
    void aVersionOneCheckpointIsRefusedSayingWhatToDo() throws Exception {
        store.apply(decision("evt-1", "acct", "dev", "shop", Status.PENDING, 0, true));
        journal().checkpoint();
        journal().closeWithoutCheckpoint();
        Path checkpoint = dataDir.resolve("journal").resolve(files("checkpoint-").get(0));
        byte[] bytes = Files.readAllBytes(checkpoint);
        java.nio.ByteBuffer.wrap(bytes).putInt(4, 1);
        Files.write(checkpoint, bytes);

        assertThatThrownBy(() -> open(dataDir, clock))
                .hasMessageContaining("format version 1")
                .hasMessageContaining("riskgate 2e2a270")
                .hasMessageContaining("stop it cleanly");

        java.nio.ByteBuffer.wrap(bytes).putInt(4, Checkpoint.VERSION);
        Files.write(checkpoint, bytes);
        store = open(dataDir, clock);
        assertThat(store.decision("evt-1")).as("the refused start changed nothing").isPresent();
    }

    @Test
    void packedKeysPastTheirRetentionReadAsAbsentAndAreSwept() {
        store.apply(decision("evt-1", "acct", "dev", "shop", Status.ALLOWED, 0, true));
        journal().packIdle();
        journal().packIdle();
        clock.advance(Retention.EVENTS.plusDays(1));

        assertThat(store.decision("evt-1")).hasValueSatisfying(r -> assertThat(r.answerKept()).isFalse());
        assertThat(store.snapshot(keys("probe", "acct", "dev", "shop")).device().events()).isEmpty();
        assertThat(store.snapshot(keys("probe", "acct", "dev", "shop")).account().events()).hasSize(1);
        assertThat(journal().sweepExpired()).isEqualTo(2);
    }

    @Test
    void theJournalIsReadableByItsOwnerOnly() throws Exception {
        store.apply(decision("evt-1", "acct", "dev", "shop", Status.ALLOWED, 0, true));
        journal().checkpoint();
        store.apply(decision("evt-2", "acct", "dev", "shop", Status.ALLOWED, 1, true));

        Path dir = dataDir.resolve("journal");
        assertThat(mode(dir)).isEqualTo("rwx------");
        assertThat(files("")).contains("LOCK").anyMatch(f -> f.startsWith("segment-"))
                .anyMatch(f -> f.startsWith("checkpoint-"))
                .allSatisfy(f -> assertThat(mode(dir.resolve(f))).as(f).isEqualTo("rw-------"));
    }

    @Test
    void aJournalLeftReadableByAnOlderVersionIsTightenedAtStart() throws Exception {
        store.apply(decision("evt-1", "acct", "dev", "shop", Status.ALLOWED, 0, true));
        journal().checkpoint();
        journal().closeWithoutCheckpoint();
        Path dir = dataDir.resolve("journal");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        for (String f : files("")) {
            Files.setPosixFilePermissions(dir.resolve(f), PosixFilePermissions.fromString("rw-r--r--"));
        }

        store = open(dataDir, clock);

        assertThat(mode(dir)).isEqualTo("rwx------");
        assertThat(files("")).allSatisfy(f -> assertThat(mode(dir.resolve(f))).as(f).isEqualTo("rw-------"));
    }

    private static String mode(Path p) {
        try {
            return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private Path newestSegment() throws Exception {
        return dataDir.resolve("journal").resolve(files("segment-").get(files("segment-").size() - 1));
    }

    private java.util.List<String> files(String prefix) throws Exception {
        try (Stream<Path> files = Files.list(dataDir.resolve("journal"))) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(prefix)).sorted().toList();
        }
    }
}
