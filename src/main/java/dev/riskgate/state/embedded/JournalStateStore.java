package dev.riskgate.state.embedded;

import dev.riskgate.state.AccountState;
import dev.riskgate.state.Applied;
import dev.riskgate.state.Commit;
import dev.riskgate.state.DecisionRecord;
import dev.riskgate.state.EventLog;
import dev.riskgate.state.Histories;
import dev.riskgate.state.HistoryOp;
import dev.riskgate.state.KeyLocks;
import dev.riskgate.state.Retention;
import dev.riskgate.state.Snapshot;
import dev.riskgate.state.StateKeys;
import dev.riskgate.state.StateStore;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one-box store: folded histories in the heap, made durable by an append-only journal of commits
 * under {@code RISKGATE_DATA_DIR/journal} (layout in docs/state.md). A decision reads the heap (no disk,
 * no decoding) and writes one small frame of operations; the journal frame is with the operating system
 * before {@link #apply} returns, so an acknowledged commit survives kill -9, and with
 * {@code RISKGATE_SYNC=full} it is also fsynced (grouped) before returning, so it survives power loss.
 * A background checkpoint writes the whole heap to one file once the journal since the last one outgrows
 * 64 MB or that checkpoint, so a restart reads one checkpoint and a journal tail no larger than it. Entries carry a wall-clock expiry like the
 * retention they stand for; expired ones read as absent and are swept.
 */
public final class JournalStateStore implements StateStore {

    private static final Logger LOG = LoggerFactory.getLogger(JournalStateStore.class);
    /** A checkpoint is due when the journal since the last one outgrows this, or the last checkpoint itself. */
    private static final long CHECKPOINT_AFTER_BYTES = 64L << 20;
    private static final Duration SWEEP_EVERY = Duration.ofMinutes(10);
    private static final int HAS_RECORD = 1;
    private static final int DEVICE_AS_ACCOUNT = 2;
    private static final int STORE_AS_ACCOUNT = 4;

    /** A key's folded value, the last commit folded into it, and when it was last written (wall clock). */
    record Entry<T>(T value, long lsn, long touched) {
    }

    final ConcurrentHashMap<String, Entry<DecisionRecord>> decisions = new ConcurrentHashMap<>();
    final ConcurrentHashMap<String, Entry<AccountState>> accounts = new ConcurrentHashMap<>();
    final ConcurrentHashMap<String, Entry<EventLog>> devices = new ConcurrentHashMap<>();
    final ConcurrentHashMap<String, Entry<EventLog>> stores = new ConcurrentHashMap<>();

    private final Path dir;
    private final Clock clock;
    private final boolean syncEach;
    private final KeyLocks locks = new KeyLocks();
    /** Commits hold it shared while journalling and folding; a checkpoint's segment switch holds it alone. */
    private final ReentrantReadWriteLock rotation = new ReentrantReadWriteLock();
    private final FileChannel lockFile;
    private final FileLock dirLock;
    private final Journal journal;
    private final ScheduledExecutorService background;
    private volatile long lastCheckpointBytes;

    private JournalStateStore(Path dir, Clock clock, boolean syncEach) throws IOException {
        this.dir = dir;
        this.clock = clock;
        this.syncEach = syncEach;
        java.nio.file.Files.createDirectories(dir);
        this.lockFile = FileChannel.open(dir.resolve("LOCK"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        this.dirLock = tryLock(lockFile);
        if (dirLock == null) {
            lockFile.close();
            throw new IllegalStateException("the state in " + dir + " is in use by another riskgate process");
        }
        Recovery recovered = Recovery.run(this, dir);
        this.journal = new Journal(dir, recovered.nextSegment(), recovered.lastLsn(), recovered.replayedBytes());
        this.background = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "riskgate-state-checkpoint");
            t.setDaemon(true);
            return t;
        });
        background.scheduleWithFixedDelay(this::checkpointIfDue, 1, 1, TimeUnit.SECONDS);
        background.scheduleWithFixedDelay(this::sweepQuietly, SWEEP_EVERY.toMillis(), SWEEP_EVERY.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    private static FileLock tryLock(FileChannel file) throws IOException {
        try {
            return file.tryLock();
        } catch (java.nio.channels.OverlappingFileLockException sameProcess) {
            return null;
        }
    }

    /** The serving store; {@code RISKGATE_SYNC=full} adds an fsync (grouped) to every commit. */
    public static JournalStateStore open(Path dataDir, Clock clock) {
        return open(dataDir, clock, "full".equalsIgnoreCase(System.getenv("RISKGATE_SYNC")));
    }

    public static JournalStateStore open(Path dataDir, Clock clock, boolean syncEach) {
        Path dir = dataDir.resolve("journal");
        try {
            return new JournalStateStore(dir, clock, syncEach);
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
        return Optional.ofNullable(live(decisions.get(eventId), Retention.DECISIONS, null));
    }

    @Override
    public Snapshot snapshot(StateKeys keys) {
        return new Snapshot(decision(keys.eventId()),
                live(accounts.get(keys.accountId()), Retention.PROFILE, AccountState.EMPTY),
                live(devices.get(keys.deviceId()), Retention.EVENTS, EventLog.EMPTY),
                keys.storeId() == null ? EventLog.EMPTY : live(stores.get(keys.storeId()), Retention.EVENTS, EventLog.EMPTY));
    }

    @Override
    public Applied apply(Commit commit) {
        long now = clock.millis();
        byte[] frame = encode(commit, now);
        StateKeys keys = commit.keys();
        Journal.Position[] written = new Journal.Position[1];
        Applied result = locks.withLocks(() -> {
            DecisionRecord stored = live(decisions.get(keys.eventId()), Retention.DECISIONS, null, now);
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
            decisions.compute(keys.eventId(), (k, v) -> v != null && v.lsn() >= lsn ? v : new Entry<>(c.record(), lsn, touched));
        }
        if (!c.account().isEmpty()) {
            accounts.compute(keys.accountId(), (k, v) -> v != null && v.lsn() >= lsn ? v
                    : new Entry<>(Histories.fold(live(v, Retention.PROFILE, AccountState.EMPTY, touched), c.account()), lsn, touched));
        }
        if (!c.device().isEmpty()) {
            devices.compute(keys.deviceId(), (k, v) -> foldLog(v, c.device(), lsn, touched));
        }
        if (!c.store().isEmpty()) {
            stores.compute(keys.storeId(), (k, v) -> foldLog(v, c.store(), lsn, touched));
        }
    }

    private Entry<EventLog> foldLog(Entry<EventLog> v, List<HistoryOp> ops, long lsn, long touched) {
        return v != null && v.lsn() >= lsn ? v
                : new Entry<>(Histories.fold(live(v, Retention.EVENTS, EventLog.EMPTY, touched), ops), lsn, touched);
    }

    private <T> T live(Entry<T> e, Duration retention, T absent) {
        return live(e, retention, absent, clock.millis());
    }

    /** Folding uses the commit's own time, so a replay at recovery expires exactly what the commit did. */
    private static <T> T live(Entry<T> e, Duration retention, T absent, long now) {
        return e == null || expired(e, retention, now) ? absent : e.value();
    }

    static boolean expired(Entry<?> e, Duration retention, long now) {
        return e.touched() + retention.toMillis() <= now;
    }

    static byte[] encode(Commit c, long now) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(512);
            DataOutputStream out = new DataOutputStream(bytes);
            out.write(new byte[Journal.HEADER]);
            out.writeLong(now);
            StateKeys k = c.keys();
            out.writeUTF(k.eventId());
            out.writeUTF(k.accountId());
            out.writeUTF(k.deviceId());
            StateBinary.writeNullable(out, k.storeId());
            int flags = (c.record() != null ? HAS_RECORD : 0)
                    | (c.device().equals(c.account()) ? DEVICE_AS_ACCOUNT : 0)
                    | (c.store().equals(c.account()) ? STORE_AS_ACCOUNT : 0);
            out.writeByte(flags);
            if (c.record() != null) {
                StateBinary.writeRecord(out, c.record());
            }
            StateBinary.writeOps(out, c.account());
            if ((flags & DEVICE_AS_ACCOUNT) == 0) {
                StateBinary.writeOps(out, c.device());
            }
            if ((flags & STORE_AS_ACCOUNT) == 0) {
                StateBinary.writeOps(out, c.store());
            }
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A commit read back from a journal frame, with the wall-clock time it was written. */
    record Decoded(Commit commit, long at) {
    }

    static Decoded decode(DataInputStream in, StateBinary.Canon canon) throws IOException {
        long at = in.readLong();
        StateKeys keys = new StateKeys(canon.string(in.readUTF()), canon.string(in.readUTF()), canon.string(in.readUTF()),
                StateBinary.readNullable(in, canon));
        int flags = in.readUnsignedByte();
        DecisionRecord record = (flags & HAS_RECORD) != 0 ? StateBinary.readRecord(in, canon) : null;
        List<HistoryOp> account = StateBinary.readOps(in, canon);
        List<HistoryOp> device = (flags & DEVICE_AS_ACCOUNT) != 0 ? account : StateBinary.readOps(in, canon);
        List<HistoryOp> store = (flags & STORE_AS_ACCOUNT) != 0 ? account : StateBinary.readOps(in, canon);
        return new Decoded(new Commit(keys, null, record, account, device, store), at);
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
            rotation.writeLock().lock();
            try {
                covered = journal.rotate();
            } finally {
                rotation.writeLock().unlock();
            }
            lastCheckpointBytes = Checkpoint.write(this, dir, covered, clock.millis());
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
        int[] removed = new int[1];
        sweep(decisions, Retention.DECISIONS, now, removed);
        sweep(accounts, Retention.PROFILE, now, removed);
        sweep(devices, Retention.EVENTS, now, removed);
        sweep(stores, Retention.EVENTS, now, removed);
        return removed[0];
    }

    private static <T> void sweep(ConcurrentHashMap<String, Entry<T>> map, Duration retention, long now, int[] removed) {
        map.forEach((k, v) -> {
            if (expired(v, retention, now) && map.remove(k, v)) {
                removed[0]++;
            }
        });
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
        background.shutdownNow();
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
                dirLock.release();
                lockFile.close();
            } catch (IOException e) {
                LOG.warn("could not release the state directory lock", e);
            }
        }
    }
}
