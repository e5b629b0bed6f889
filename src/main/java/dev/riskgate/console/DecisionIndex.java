package dev.riskgate.console;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The console's index of the decision log, in SQLite at {@code DATA_DIR/console/index.db} (docs/console.md):
 * one row per decision with the columns the pages filter on (time, verdict, account, device, store, rule),
 * the fired rules, the labels, the shadow pack's answers, per-rule and per-day counters for the rules page,
 * and the review queue's leases. It is a cache: deleting the file rebuilds it from the decision log at the
 * next start. One connection writes (the feed's thread, and the queue's claims and labels, taking turns on
 * this object); readers each hold their own connection, which WAL lets read beside the writer.
 */
public final class DecisionIndex implements AutoCloseable {

    /** Bumped when the schema changes: an index of another version is rebuilt from the log. */
    static final int SCHEMA = 2;
    static final String FILE = "index.db";

    private static final List<String> DDL = List.of(
            "CREATE TABLE IF NOT EXISTS meta(k TEXT PRIMARY KEY, v TEXT)",
            """
            CREATE TABLE IF NOT EXISTS decisions(seq INTEGER PRIMARY KEY, event_id TEXT NOT NULL UNIQUE,
              at INTEGER NOT NULL, logged_at INTEGER NOT NULL, type TEXT NOT NULL, decision TEXT NOT NULL,
              score INTEGER NOT NULL, degraded INTEGER NOT NULL, account TEXT NOT NULL, device TEXT NOT NULL,
              store TEXT, rules_version TEXT, event TEXT NOT NULL, answer TEXT NOT NULL, seen TEXT, alerts TEXT,
              top_reasons TEXT NOT NULL, label TEXT, label_reason TEXT, label_key TEXT, labelled_at INTEGER)""",
            "CREATE INDEX IF NOT EXISTS d_at ON decisions(at DESC, seq DESC)",
            "CREATE INDEX IF NOT EXISTS d_decision ON decisions(decision, at DESC, seq DESC)",
            "CREATE INDEX IF NOT EXISTS d_account ON decisions(account, at DESC, seq DESC)",
            "CREATE INDEX IF NOT EXISTS d_device ON decisions(device, at DESC, seq DESC)",
            "CREATE INDEX IF NOT EXISTS d_store ON decisions(store, at DESC, seq DESC)",
            """
            CREATE INDEX IF NOT EXISTS d_queue ON decisions(at DESC)
              WHERE label IS NULL AND degraded = 0 AND decision IN ('STEP_UP', 'BLOCK')""",
            """
            CREATE TABLE IF NOT EXISTS fired(rule TEXT NOT NULL, at INTEGER NOT NULL, event_id TEXT NOT NULL,
              points INTEGER NOT NULL, message TEXT NOT NULL, staged INTEGER NOT NULL,
              PRIMARY KEY(rule, at, event_id)) WITHOUT ROWID""",
            "CREATE INDEX IF NOT EXISTS f_event ON fired(event_id)",
            "CREATE TABLE IF NOT EXISTS feedback(event_id TEXT NOT NULL, outcome TEXT NOT NULL, at INTEGER NOT NULL, PRIMARY KEY(event_id, outcome))",
            """
            CREATE TABLE IF NOT EXISTS shadow(event_id TEXT PRIMARY KEY, decision TEXT NOT NULL, score INTEGER NOT NULL,
              rules_version TEXT, agree INTEGER NOT NULL, only_active TEXT NOT NULL, only_shadow TEXT NOT NULL,
              reasons TEXT NOT NULL)""",
            // Counters by UTC day, so that the rules page reads a few hundred rows, not a window of decisions.
            "CREATE TABLE IF NOT EXISTS day_totals(day INTEGER PRIMARY KEY, decisions INTEGER NOT NULL, shadow_disagree INTEGER NOT NULL)",
            """
            CREATE TABLE IF NOT EXISTS rule_days(rule TEXT NOT NULL, day INTEGER NOT NULL, hits INTEGER NOT NULL,
              fraud INTEGER NOT NULL, legit INTEGER NOT NULL, only_active INTEGER NOT NULL, only_shadow INTEGER NOT NULL,
              PRIMARY KEY(rule, day)) WITHOUT ROWID""",
            """
            CREATE TABLE IF NOT EXISTS pair_days(rule TEXT NOT NULL, other TEXT NOT NULL, day INTEGER NOT NULL,
              hits INTEGER NOT NULL, PRIMARY KEY(rule, day, other)) WITHOUT ROWID""",
            "CREATE TABLE IF NOT EXISTS leases(event_id TEXT PRIMARY KEY, holder TEXT NOT NULL, key_id TEXT NOT NULL, until INTEGER NOT NULL)");

    private final Path file;
    private final Connection writer;
    private final ThreadLocal<Connection> readers;
    private final List<Connection> opened = new java.util.concurrent.CopyOnWriteArrayList<>();

    private DecisionIndex(Path file, Connection writer) {
        this.file = file;
        this.writer = writer;
        this.readers = ThreadLocal.withInitial(() -> {
            Connection c = connect(file);
            opened.add(c);
            return c;
        });
    }

    /** Opens (or creates) the index in {@code dir}; an index of an older schema is dropped and starts empty. */
    public static DecisionIndex open(Path dir) {
        try {
            Files.createDirectories(dir);
            Path file = dir.resolve(FILE);
            Connection c = connect(file);
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA journal_mode=WAL");
                // A crash may lose the last transactions; the start-up catch-up reads them back from the log.
                s.execute("PRAGMA synchronous=NORMAL");
                // The writer's page cache (the default is 2 MiB): inserts land at random places in the
                // account, device and eventId indexes, and each miss is a read from the file.
                s.execute("PRAGMA cache_size=-32768");
                // Checkpoint (copy the WAL back into the file) every 8,192 pages, not 1,000: an index page
                // written by several batches in between is copied once.
                s.execute("PRAGMA wal_autocheckpoint=8192");
                for (String ddl : DDL) {
                    s.execute(ddl);
                }
            }
            DecisionIndex index = new DecisionIndex(file, c);
            String version = index.meta("schema");
            if (version != null && !version.equals(String.valueOf(SCHEMA))) {
                c.close();
                Files.delete(file);
                return open(dir);
            }
            index.setMeta("schema", String.valueOf(SCHEMA));
            return index;
        } catch (SQLException | java.io.IOException e) {
            throw new IllegalStateException("cannot open the console index in " + dir + ": " + e.getMessage(), e);
        }
    }

    private static Connection connect(Path file) {
        try {
            Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA busy_timeout=5000");
            }
            return c;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot open " + file + ": " + e.getMessage(), e);
        }
    }

    private final java.util.Map<String, PreparedStatement> statements = new java.util.HashMap<>();
    private final IndexUpdates updates = new IndexUpdates(this::stmt);

    /** The writer's statement for {@code sql}, prepared once: the feed runs a few dozen per decision. */
    private PreparedStatement stmt(String sql) throws SQLException {
        PreparedStatement p = statements.get(sql);
        if (p == null) {
            p = writer.prepareStatement(sql);
            statements.put(sql, p);
        }
        return p;
    }

    Path file() {
        return file;
    }

    /** This thread's read connection. */
    Connection reader() {
        return readers.get();
    }

    synchronized String meta(String key) throws SQLException {
        {
            PreparedStatement p = stmt("SELECT v FROM meta WHERE k = ?");
            p.setString(1, key);
            try (ResultSet r = p.executeQuery()) {
                return r.next() ? r.getString(1) : null;
            }
        }
    }

    private void setMeta(String key, String value) throws SQLException {
        {
            PreparedStatement p = stmt("INSERT INTO meta(k, v) VALUES (?, ?) ON CONFLICT(k) DO UPDATE SET v = excluded.v");
            p.setString(1, key);
            p.setString(2, value);
            p.executeUpdate();
        }
    }

    /** The loggedAt of the latest line indexed, or {@link Instant#EPOCH} for an empty index. */
    public Instant indexedUpTo() {
        try {
            String v = meta("indexedUpTo");
            return v == null ? Instant.EPOCH : Instant.ofEpochMilli(Long.parseLong(v));
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    /** One change the feed applies; all of a batch go in one transaction. */
    public sealed interface Entry permits Decided, Labelled, ShadowAnswer {
        Instant loggedAt();
    }

    public record Decided(IndexedDecision d) implements Entry {
        public Instant loggedAt() {
            return d.loggedAt();
        }
    }

    /** A FRAUD or LEGIT label, or another feedback outcome (kept, but not a label). */
    public record Labelled(String eventId, String outcome, String reason, String keyId, Instant loggedAt) implements Entry {
    }

    public record ShadowAnswer(String eventId, String decision, int score, String rulesVersion, boolean agree,
                               List<String> onlyActive, List<String> onlyShadow, String reasons, Instant loggedAt)
            implements Entry {
    }

    /** Applies {@code batch} in one transaction. */
    public synchronized void apply(List<? extends Entry> batch) {
        if (batch.isEmpty()) {
            return;
        }
        try {
            writer.setAutoCommit(false);
            long upTo = 0;
            for (Entry e : batch) {
                updates.apply(e);
                upTo = Math.max(upTo, e.loggedAt().toEpochMilli());
            }
            updates.flush();
            if (upTo > indexedUpTo().toEpochMilli()) {
                setMeta("indexedUpTo", String.valueOf(upTo));
            }
            writer.commit();
        } catch (SQLException e) {
            updates.forget();
            rollback();
            throw failed(e);
        } finally {
            autoCommit();
        }
    }

    static long day(Instant at) {
        return Math.floorDiv(at.toEpochMilli(), Duration.ofDays(1).toMillis());
    }

    /** Runs {@code work} on the writer connection in one transaction (the queue's claims and releases). */
    synchronized <T> T write(SqlWork<T> work) {
        try {
            writer.setAutoCommit(false);
            T result = work.run(writer);
            writer.commit();
            return result;
        } catch (SQLException e) {
            rollback();
            throw failed(e);
        } finally {
            autoCommit();
        }
    }

    interface SqlWork<T> {
        T run(Connection c) throws SQLException;
    }

    private void rollback() {
        try {
            writer.rollback();
        } catch (SQLException ignored) {
            // the transaction is gone either way
        }
    }

    private void autoCommit() {
        try {
            writer.setAutoCommit(true);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    static IllegalStateException failed(SQLException e) {
        return new IllegalStateException("console index: " + e.getMessage(), e);
    }

    @Override
    public synchronized void close() {
        for (PreparedStatement p : statements.values()) {
            try {
                p.close();
            } catch (SQLException ignored) {
                // closing
            }
        }
        for (Connection c : opened) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // closing
            }
        }
        try {
            writer.close();
        } catch (SQLException e) {
            throw failed(e);
        }
    }
}
