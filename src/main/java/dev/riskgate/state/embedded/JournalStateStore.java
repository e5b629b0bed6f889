package dev.riskgate.state.embedded;

import dev.riskgate.files.OwnerOnly;
import dev.riskgate.state.AccountState;
import dev.riskgate.state.AnswerWindows;
import dev.riskgate.state.Applied;
import dev.riskgate.state.Commit;
import dev.riskgate.state.DecisionRecord;
import dev.riskgate.state.EventLog;
import dev.riskgate.state.Histories;
import dev.riskgate.state.KeyLocks;
import dev.riskgate.state.Retention;
import dev.riskgate.state.Snapshot;
import dev.riskgate.state.StateKeys;
import dev.riskgate.state.StateStore;
import dev.riskgate.state.StateUnavailable;
import dev.riskgate.state.codec.StateForms;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one-box store: folded histories in the heap, made durable by an append-only journal of commits
 * under {@code RISKGATE_DATA_DIR/journal} (layout in docs/state.md). A decision reads the heap (a key idle
 * for 10-20 s is packed, and one idle since the last checkpoint is read from that file with one
 * {@code pread}; see {@link HeapTable}) and writes one small frame of operations; the journal frame is
 * with the operating system
 * before {@link #apply} returns, so an acknowledged commit survives kill -9, and with
 * {@code RISKGATE_SYNC=full} it is also fsynced (grouped) before returning, so it survives power loss.
 * A background checkpoint writes the whole heap to one file once the journal since the last one outgrows
 * 64 MB or that checkpoint, so a restart reads one checkpoint and a journal tail no larger than it.
 * Entries carry a wall-clock expiry like the retention they stand for; expired ones read as absent and
 * are swept.
 */
public final class JournalStateStore implements StateStore {

    private static final Logger LOG = LoggerFactory.getLogger(JournalStateStore.class);
    /** A checkpoint is due when the journal since the last one outgrows this, or the last checkpoint itself. */
    private static final long CHECKPOINT_AFTER_BYTES = 64L << 20;
    private static final Duration SWEEP_EVERY = Duration.ofMinutes(10);
    /**
     * Keys not used for one to two of these are packed ({@link HeapTable}). Under load the keys in use
     * are most of the heap (objects cost about five times their record), so this is short; packing an
     * account of three events takes about 0.3 µs, once per idle spell.
     */
    private static final Duration PACK_EVERY = Duration.ofSeconds(10);

    /** The checkpoint files idle keys are read from. */
    final CheckpointFiles files = new CheckpointFiles();
    final HeapTable<DecisionRecord> decisions;
    final HeapTable<AccountState> accounts = new HeapTable<>(StateForms.ACCOUNT, Retention.PROFILE, files, AccountState::frozen);
    final HeapTable<EventLog> devices = new HeapTable<>(StateForms.LOG, Retention.EVENTS, files);
    final HeapTable<EventLog> stores = new HeapTable<>(StateForms.LOG, Retention.EVENTS, files);

    private final Path dir;
    private final Clock clock;
    private final AnswerWindows windows;
    private final boolean syncEach;
    private final KeyLocks locks = new KeyLocks();
    /** Commits hold it shared while journalling and folding; a checkpoint's segment switch holds it alone. */
    private final ReentrantReadWriteLock rotation = new ReentrantReadWriteLock();
    private final FileChannel lockFile;
    private final FileLock dirLock;
    private final Journal journal;
    private final ScheduledExecutorService background;
    private volatile long lastCheckpointBytes;
    /** Read before the journal is replayed: an alert replayed after it was delivered is not queued again. */
    private final JournalOutbox outbox;

    private JournalStateStore(Path dir, Clock clock, boolean syncEach, AnswerWindows windows) throws IOException {
        this.dir = dir;
        this.clock = clock;
        this.syncEach = syncEach;
        this.windows = windows;
        // Records are kept for the feedback window, and packed or checkpointed compact once their
        // idempotency window has passed (a key in use answers compact from then on, see asOf).
        this.decisions = new HeapTable<>(StateForms.RECORD, windows.feedback(), files, new HeapTable.Ageing<>() {
            @Override
            public DecisionRecord at(DecisionRecord record, long now) {
                return windows.asOf(record, now);
            }

            @Override
            public boolean aged(byte[] record, long now) {
                // Last written within the window: not decided before it, so whole still, or kept whole a little
                // longer (feedback near the window's end): it reads compact all the same, and is stored so at
                // a later checkpoint. This keeps checkpoints from decoding every recent record.
                return Packed.touched(record) + windows.idempotency().toMillis() > now || Packed.compactRecord(record);
            }
        });
        // Commits name accounts, devices and stores: only the service's user reads them, as the decision log.
        OwnerOnly.createDirectory(dir);
        OwnerOnly.tightenFiles(dir);
        this.lockFile = OwnerOnly.open(dir.resolve("LOCK"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        this.dirLock = tryLock(lockFile);
        if (dirLock == null) {
            lockFile.close();
            throw new IllegalStateException("the state in " + dir + " is in use by another riskgate process");
        }
        JournalOutbox opened = null;
        try {
            opened = JournalOutbox.open(dir, clock);
        } catch (IOException | RuntimeException e) {
            dirLock.release();
            lockFile.close();
            throw e;
        }
        this.outbox = opened;
        try {
            long started = System.nanoTime();
            Recovery recovered = Recovery.run(this, dir);
            if (entries() > 0) {
                LOG.info("state: {} keys loaded from {} in {} ms ({} bytes of journal replayed)", entries(), dir,
                        (System.nanoTime() - started) / 1_000_000, recovered.replayedBytes());
            }
            this.journal = new Journal(dir, recovered.nextSegment(), recovered.lastLsn(), recovered.replayedBytes());
        } catch (IOException | RuntimeException e) {
            files.close();
            outbox.close();
            dirLock.release();
            lockFile.close();
            throw e;
        }
        this.background = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "riskgate-state-checkpoint");
            t.setDaemon(true);
            return t;
        });
        background.scheduleWithFixedDelay(this::checkpointIfDue, 1, 1, TimeUnit.SECONDS);
        background.scheduleWithFixedDelay(this::packQuietly, PACK_EVERY.toMillis(), PACK_EVERY.toMillis(),
                TimeUnit.MILLISECONDS);
        background.scheduleWithFixedDelay(this::sweepQuietly, SWEEP_EVERY.toMillis(), SWEEP_EVERY.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    static FileLock tryLock(FileChannel file) throws IOException {
        try {
            return file.tryLock();
        } catch (java.nio.channels.OverlappingFileLockException sameProcess) {
            return null;
        }
    }

    /** The serving store; {@code RISKGATE_SYNC=full} adds an fsync (grouped) to every commit. */
    public static JournalStateStore open(Path dataDir, Clock clock) {
        return open(dataDir, clock, AnswerWindows.DEFAULT);
    }

    /** The serving store with the idempotency and feedback windows chosen. */
    public static JournalStateStore open(Path dataDir, Clock clock, AnswerWindows windows) {
        return open(dataDir, clock, "full".equalsIgnoreCase(System.getenv("RISKGATE_SYNC")), windows);
    }

    public static JournalStateStore open(Path dataDir, Clock clock, boolean syncEach) {
        return open(dataDir, clock, syncEach, AnswerWindows.DEFAULT);
    }

    /** With the idempotency and feedback windows chosen ({@code RISKGATE_IDEMPOTENCY_WINDOW}, {@code RISKGATE_FEEDBACK_WINDOW}). */
    public static JournalStateStore open(Path dataDir, Clock clock, boolean syncEach, AnswerWindows windows) {
        Path dir = dataDir.resolve("journal");
        try {
            return new JournalStateStore(dir, clock, syncEach, windows);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the state journal in " + dir + ": " + e.getMessage(), e);
        }
    }

    /** A throwaway store for replays and scenario runs: the same code path, without fsync. */
    public static JournalStateStore openScratch(Path dir, Clock clock) {
        return open(dir, clock, false);
    }

    @Override
    public Optional<DecisionRecord> decision(String eventId) {
        long now = clock.millis();
        return Optional.ofNullable(windows.asOf(decisions.live(eventId, now, null), now));
    }

    /** Reads never fail here (the heap, or a checkpoint's pages); writes can, on a full or failing disk. */
    @Override
    public void checkHealth() {
        IOException failure = journal.failure();
        if (failure != null) {
            throw new StateUnavailable("the journal's last write failed: " + failure.getMessage(), failure);
        }
    }

    @Override
    public Snapshot snapshot(StateKeys keys) {
        long now = clock.millis();
        return new Snapshot(Optional.ofNullable(windows.asOf(decisions.live(keys.eventId(), now, null), now)),
                accounts.live(keys.accountId(), now, AccountState.EMPTY),
                devices.live(keys.deviceId(), now, EventLog.EMPTY),
                keys.storeId() == null ? EventLog.EMPTY : stores.live(keys.storeId(), now, EventLog.EMPTY));
    }

    @Override
    public Applied apply(Commit commit) {
        long now = clock.millis();
        byte[] frame = JournalFrames.encode(commit, now);
        StateKeys keys = commit.keys();
        Journal.Position[] written = new Journal.Position[1];
        Applied result = locks.withLocks(() -> {
            DecisionRecord stored = windows.asOf(decisions.live(keys.eventId(), now, null), now);
            if (commit.record() != null && !Objects.equals(stored, commit.expected())) {
                return new Applied(false, stored);
            }
            if (commit.record() == null && commit.account().isEmpty() && commit.device().isEmpty()
                    && commit.store().isEmpty()) {
                return new Applied(true, stored);
            }
            rotation.readLock().lock();
            try {
                written[0] = journal.append(frame);
                fold(commit, written[0].lsn(), now);
            } finally {
                rotation.readLock().unlock();
            }
            return new Applied(true, commit.record() != null ? commit.record() : stored);
        }, "e:" + keys.eventId(), "a:" + keys.accountId(), "d:" + keys.deviceId(),
                keys.storeId() == null ? null : "s:" + keys.storeId());
        // Outside the key locks: later commits may fold meanwhile, but the journal is one ordered file,
        // so their frames follow this one and no fsync can make them durable without it.
        if (syncEach && written[0] != null) {
            journal.sync(written[0]);
        }
        return result;
    }

    /** Folds a commit into the heap; a key already past {@code lsn} (read from a checkpoint) is left alone. */
    void fold(Commit c, long lsn, long touched) {
        StateKeys keys = c.keys();
        if (c.record() != null) {
            decisions.fold(keys.eventId(), lsn, touched, null, stored -> c.record());
        }
        if (!c.account().isEmpty()) {
            accounts.fold(keys.accountId(), lsn, touched, AccountState.EMPTY, a -> Histories.fold(a, c.account()));
        }
        if (!c.device().isEmpty()) {
            devices.fold(keys.deviceId(), lsn, touched, EventLog.EMPTY, log -> Histories.fold(log, c.device()));
        }
        if (!c.store().isEmpty()) {
            stores.fold(keys.storeId(), lsn, touched, EventLog.EMPTY, log -> Histories.fold(log, c.store()));
        }
        if (!c.alerts().isEmpty()) {
            outbox.add(c.alerts(), touched);
        }
    }

    @Override
    public dev.riskgate.state.Outbox outbox() {
        return outbox;
    }

    /**
     * Writes the heap to a checkpoint and drops the journal it covers. The segment switch is the only
     * moment commits wait (they hold {@link #rotation} shared): after it, every commit in older segments
     * is in the heap. Commits that land while the heap is copied may be in the checkpoint too; their
     * keys' sequence numbers make replaying them over it a no-op.
     */
    public synchronized void checkpoint() {
        try {
            long covered;
            java.util.Set<String> alerts;
            rotation.writeLock().lock();
            try {
                covered = journal.rotate();
                alerts = outbox.known();
            } finally {
                rotation.writeLock().unlock();
            }
            // Every frame of the segments this checkpoint drops has been folded: their alerts outlive them.
            outbox.force();
            lastCheckpointBytes = Checkpoint.write(this, dir, covered, clock.millis());
            // Those segments are gone: their delivered alerts can no longer be replayed, nor need remembering.
            outbox.compact(alerts);
        } catch (IOException e) {
            throw new UncheckedIOException("state checkpoint failed: " + e.getMessage(), e);
        }
    }

    private void checkpointIfDue() {
        try {
            // Growing with the heap keeps rewriting it to at most once per its own size in journal, and
            // the journal replayed at a restart no longer than the checkpoint read with it.
            if (journal.sinceCheckpoint() >= Math.max(CHECKPOINT_AFTER_BYTES, lastCheckpointBytes)) {
                checkpoint();
            }
        } catch (RuntimeException e) {
            LOG.warn("state checkpoint failed; the journal keeps growing until one succeeds", e);
        }
    }

    /** Drops entries past their retention from the heap (they already read as absent). */
    public int sweepExpired() {
        long now = clock.millis();
        return decisions.sweep(now) + accounts.sweep(now) + devices.sweep(now) + stores.sweep(now);
    }

    /** Packs keys not used since the last call ({@link HeapTable#packIdle}); returns how many. */
    synchronized int packIdle() { // never during a checkpoint's copy (also synchronized), see HeapTable
        long now = clock.millis();
        return decisions.packIdle(now) + accounts.packIdle(now) + devices.packIdle(now) + stores.packIdle(now);
    }

    private void packQuietly() {
        try {
            packIdle();
        } catch (RuntimeException e) {
            LOG.warn("packing idle state failed", e);
        }
    }

    private void sweepQuietly() {
        try {
            sweepExpired();
        } catch (RuntimeException e) {
            LOG.warn("state expiry sweep failed", e);
        }
    }

    /** Keys held in the heap, expired or not (for tests and ops). */
    public long entries() {
        return (long) decisions.size() + accounts.size() + devices.size() + stores.size();
    }

    /** Keys held as objects rather than packed (for tests and ops). */
    long unpacked() {
        return (long) decisions.unpacked() + accounts.unpacked() + devices.unpacked() + stores.unpacked();
    }

    /** Stops background work, checkpoints (so the next start reads one file) and releases the directory. */
    @Override
    public void close() {
        stop(true);
    }

    /** Stops as a crash would, leaving journal and checkpoints as they are (tests of recovery). */
    void closeWithoutCheckpoint() {
        stop(false);
    }

    private void stop(boolean checkpointFirst) {
        // Not shutdownNow: interrupting a checkpoint under way would close its file mid-write (it is
        // a temporary, so nothing is lost, but the work is).
        background.shutdown();
        try {
            background.awaitTermination(10, TimeUnit.SECONDS);
            if (checkpointFirst) {
                checkpoint();
            }
            journal.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            try {
                files.close();
                outbox.close();
                dirLock.release();
                lockFile.close();
            } catch (IOException e) {
                LOG.warn("could not release the state directory lock", e);
            }
        }
    }
}
