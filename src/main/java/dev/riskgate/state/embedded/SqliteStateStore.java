package dev.riskgate.state.embedded;

import dev.riskgate.state.AccountState;
import dev.riskgate.state.Applied;
import dev.riskgate.state.Commit;
import dev.riskgate.state.DecisionRecord;
import dev.riskgate.state.EventLog;
import dev.riskgate.state.Histories;
import dev.riskgate.state.KeyLocks;
import dev.riskgate.state.Retention;
import dev.riskgate.state.Snapshot;
import dev.riskgate.state.StateCodec;
import dev.riskgate.state.StateKeys;
import dev.riskgate.state.StateStore;
import dev.riskgate.state.StateUnavailable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The one-box store: SQLite in WAL mode under {@code RISKGATE_DATA_DIR}. A commit is in the WAL before
 * {@link #atomically} returns, so an acknowledged decision survives kill -9 (synchronous=NORMAL; power
 * loss can drop the last commits, set RISKGATE_SYNC=full to fsync each one). Rows carry a wall-clock
 * expiry and a background sweep deletes expired ones, so the file stops growing at steady traffic.
 */
public final class SqliteStateStore implements StateStore {

    private static final Duration SWEEP_EVERY = Duration.ofMinutes(10);
    private static final int READERS = 4;

    private final Connection db;
    private final ReentrantLock dbLock = new ReentrantLock();
    /** Held only while a commit folds its operations into the rows it touches, never during rules. */
    private final KeyLocks keyLocks = new KeyLocks();
    private final Clock clock;
    private final ScheduledExecutorService sweeper;
    private final BlockingQueue<PendingWrite> pendingWrites = new LinkedBlockingQueue<>();
    private final Thread committer;
    private static final int MAX_GROUP = 256;
    /** Readers on their own connections: in WAL mode they never wait for the writer. */
    private final BlockingQueue<Reader> readers;
    private final PreparedStatement upsert;

    private record Reader(Connection connection, PreparedStatement select) {
    }

    private SqliteStateStore(Connection db, List<Connection> readConnections, Clock clock) throws SQLException {
        this.db = db;
        this.clock = clock;
        this.readers = new ArrayBlockingQueue<>(readConnections.size());
        for (Connection c : readConnections) {
            readers.add(new Reader(c, c.prepareStatement("SELECT v FROM state WHERE k = ? AND expires_at > ?")));
        }
        this.upsert = db.prepareStatement(
                "INSERT INTO state(k, v, expires_at) VALUES (?, ?, ?) "
                        + "ON CONFLICT(k) DO UPDATE SET v = excluded.v, expires_at = excluded.expires_at");
        this.sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "riskgate-state-sweep");
            t.setDaemon(true);
            return t;
        });
        this.committer = new Thread(this::commitLoop, "riskgate-state-commit");
        committer.setDaemon(true);
        committer.start();
        sweeper.scheduleWithFixedDelay(this::sweepQuietly, SWEEP_EVERY.toMillis(), SWEEP_EVERY.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    public static SqliteStateStore open(Path dataDir, Clock clock) {
        return open(dataDir, clock, "WAL", "full".equalsIgnoreCase(System.getenv("RISKGATE_SYNC")) ? "FULL" : "NORMAL");
    }

    /**
     * A throwaway store for replays and scenario runs: same schema and code path, but commits are not
     * made durable (a crash loses the scratch state, which is rebuilt from the event stream anyway).
     */
    public static SqliteStateStore openScratch(Path dir, Clock clock) {
        return open(dir, clock, "MEMORY", "OFF");
    }

    private static SqliteStateStore open(Path dataDir, Clock clock, String journal, String sync) {
        try {
            Files.createDirectories(dataDir);
            Connection db = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("riskgate.db"));
            try (Statement s = db.createStatement()) {
                s.execute("PRAGMA journal_mode=" + journal);
                s.execute("PRAGMA synchronous=" + sync);
                s.execute("PRAGMA cache_size=-65536");
                s.execute("PRAGMA busy_timeout=5000");
                s.execute("CREATE TABLE IF NOT EXISTS state(k TEXT PRIMARY KEY, v TEXT NOT NULL, expires_at INTEGER NOT NULL)");
                s.execute("CREATE INDEX IF NOT EXISTS state_expiry ON state(expires_at)");
            }
            db.setAutoCommit(false);
            List<Connection> readConnections = new ArrayList<>();
            for (int i = 0; i < READERS; i++) {
                Connection r = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("riskgate.db"));
                try (Statement s = r.createStatement()) {
                    s.execute("PRAGMA cache_size=-16384");
                    s.execute("PRAGMA busy_timeout=5000");
                }
                readConnections.add(r);
            }
            return new SqliteStateStore(db, readConnections, clock);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create data directory " + dataDir, e);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot open the state database in " + dataDir + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<DecisionRecord> decision(String eventId) {
        return Optional.ofNullable(read(decisionKey(eventId))).map(v -> StateCodec.read(v, DecisionRecord.class));
    }

    @Override
    public Snapshot snapshot(StateKeys keys) {
        return readSnapshot(decisionKey(keys.eventId()), "a:" + keys.accountId(), "d:" + keys.deviceId(),
                keys.storeId() == null ? null : "s:" + keys.storeId());
    }

    @Override
    public Applied apply(Commit commit) {
        StateKeys keys = commit.keys();
        String accountKey = "a:" + keys.accountId();
        String deviceKey = "d:" + keys.deviceId();
        String storeKey = keys.storeId() == null ? null : "s:" + keys.storeId();
        String decisionKey = decisionKey(keys.eventId());
        return keyLocks.withLocks(() -> {
            Snapshot current = readSnapshot(decisionKey, accountKey, deviceKey, storeKey);
            DecisionRecord stored = current.decision().orElse(null);
            if (commit.record() != null && !java.util.Objects.equals(stored, commit.expected())) {
                return new Applied(false, stored);
            }
            long now = clock.millis();
            List<Row> rows = new ArrayList<>(4);
            if (commit.record() != null) {
                rows.add(new Row(decisionKey, StateCodec.write(commit.record()), now + Retention.DECISIONS.toMillis()));
            }
            if (!commit.account().isEmpty()) {
                rows.add(new Row(accountKey, StateCodec.write(Histories.fold(current.account(), commit.account())),
                        now + Retention.PROFILE.toMillis()));
            }
            if (!commit.device().isEmpty()) {
                rows.add(new Row(deviceKey, StateCodec.write(Histories.fold(current.device(), commit.device())),
                        now + Retention.EVENTS.toMillis()));
            }
            if (!commit.store().isEmpty()) {
                rows.add(new Row(storeKey, StateCodec.write(Histories.fold(current.store(), commit.store())),
                        now + Retention.EVENTS.toMillis()));
            }
            if (!rows.isEmpty()) {
                write(rows, null);
            }
            return new Applied(true, commit.record() != null ? commit.record() : stored);
        }, decisionKey, accountKey, deviceKey, storeKey);
    }

    private record Row(String key, String json, long expiresAt) {
    }

    private Snapshot readSnapshot(String decisionKey, String accountKey, String deviceKey, String storeKey) {
        String decision;
        String account;
        String device;
        String store;
        Reader reader = takeReader();
        try {
            decision = read(reader, decisionKey);
            account = read(reader, accountKey);
            device = read(reader, deviceKey);
            store = storeKey == null ? null : read(reader, storeKey);
        } finally {
            readers.add(reader);
        }
        return new Snapshot(
                Optional.ofNullable(decision).map(v -> StateCodec.read(v, DecisionRecord.class)),
                decode(account, AccountState.class, AccountState.EMPTY),
                decode(device, EventLog.class, EventLog.EMPTY),
                decode(store, EventLog.class, EventLog.EMPTY));
    }

    private static <T> T decode(String json, Class<T> type, T absent) {
        return json == null ? absent : StateCodec.read(json, type);
    }

    /**
     * Hands the rows to the committer and waits until they are durable. Requests that arrive while a
     * commit is under way are committed together in the next transaction (group commit): SQLite has one
     * writer, and one commit per decision made it the whole service's bottleneck.
     */
    private void write(List<Row> rows, Row extra) {
        List<Row> all = new ArrayList<>(rows);
        if (extra != null) {
            all.add(extra);
        }
        PendingWrite pending = new PendingWrite(all, new CompletableFuture<>());
        pendingWrites.add(pending);
        try {
            pending.done().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StateUnavailable("interrupted while waiting for a commit", e);
        } catch (ExecutionException e) {
            throw new StateUnavailable("state write failed: " + e.getCause().getMessage(), e.getCause());
        }
    }

    private record PendingWrite(List<Row> rows, CompletableFuture<Void> done) {
    }

    private void commitLoop() {
        List<PendingWrite> batch = new ArrayList<>();
        while (!Thread.currentThread().isInterrupted()) {
            try {
                batch.add(pendingWrites.take());
            } catch (InterruptedException e) {
                return;
            }
            pendingWrites.drainTo(batch, MAX_GROUP - 1);
            dbLock.lock();
            try {
                for (PendingWrite w : batch) {
                    for (Row r : w.rows()) {
                        bind(r);
                    }
                }
                upsert.executeBatch();
                db.commit();
                batch.forEach(w -> w.done().complete(null));
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly();
                batch.forEach(w -> w.done().completeExceptionally(e));
            } finally {
                dbLock.unlock();
                batch.clear();
            }
        }
    }

    private void bind(Row row) throws SQLException {
        upsert.setString(1, row.key());
        upsert.setString(2, row.json());
        upsert.setLong(3, row.expiresAt());
        upsert.addBatch();
    }

    private String read(String key) {
        Reader reader = takeReader();
        try {
            return read(reader, key);
        } finally {
            readers.add(reader);
        }
    }

    private String read(Reader reader, String key) {
        try {
            reader.select().setString(1, key);
            reader.select().setLong(2, clock.millis());
            try (ResultSet rs = reader.select().executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        } catch (SQLException e) {
            throw new StateUnavailable("state read failed: " + e.getMessage(), e);
        }
    }

    private Reader takeReader() {
        try {
            return readers.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StateUnavailable("interrupted while waiting for a database connection", e);
        }
    }

    /** Deletes expired rows in small batches so a sweep never holds the database for long. */
    public int sweepExpired() {
        int total = 0;
        while (true) {
            int deleted;
            dbLock.lock();
            try (PreparedStatement del = db.prepareStatement(
                    "DELETE FROM state WHERE k IN (SELECT k FROM state WHERE expires_at <= ? LIMIT 2000)")) {
                del.setLong(1, clock.millis());
                deleted = del.executeUpdate();
                db.commit();
            } catch (SQLException e) {
                rollbackQuietly();
                throw new IllegalStateException("expiry sweep failed: " + e.getMessage(), e);
            } finally {
                dbLock.unlock();
            }
            total += deleted;
            if (deleted < 2000) {
                return total;
            }
        }
    }

    /** Rows currently stored, expired or not (for tests and ops). */
    public long rowCount() {
        dbLock.lock();
        try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM state")) {
            rs.next();
            long n = rs.getLong(1);
            db.commit();
            return n;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        } finally {
            dbLock.unlock();
        }
    }

    private void sweepQuietly() {
        try {
            sweepExpired();
        } catch (RuntimeException e) {
            org.slf4j.LoggerFactory.getLogger(SqliteStateStore.class).warn("expiry sweep failed", e);
        }
    }

    private void rollbackQuietly() {
        try {
            db.rollback();
        } catch (SQLException ignored) {
            // the original failure is what gets reported
        }
    }

    private static String decisionKey(String eventId) {
        return "e:" + eventId;
    }

    @Override
    public void close() {
        sweeper.shutdownNow();
        committer.interrupt();
        try {
            committer.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        dbLock.lock();
        try {
            for (Reader r : readers) {
                r.select().close();
                r.connection().close();
            }
            upsert.close();
            db.close();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        } finally {
            dbLock.unlock();
        }
    }
}
