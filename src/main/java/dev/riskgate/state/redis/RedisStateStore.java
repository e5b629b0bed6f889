package dev.riskgate.state.redis;

import static dev.riskgate.state.redis.RedisScripts.APPEND;
import static dev.riskgate.state.redis.RedisScripts.COMMIT;
import static dev.riskgate.state.redis.RedisScripts.COMMIT_AT_ONCE;
import static dev.riskgate.state.redis.RedisScripts.COMPACT;
import static dev.riskgate.state.redis.RedisScripts.READ;
import static dev.riskgate.state.redis.RedisScripts.SETTLE;
import static dev.riskgate.state.redis.RedisScripts.SNAPSHOT;
import static dev.riskgate.state.redis.RedisScripts.SWEEP;
import static dev.riskgate.state.redis.RedisValues.ACCOUNT;
import static dev.riskgate.state.redis.RedisValues.LOG;
import static dev.riskgate.state.redis.RedisValues.NONE;
import static dev.riskgate.state.redis.RedisValues.decodePending;
import static dev.riskgate.state.redis.RedisValues.decodeRecord;
import static dev.riskgate.state.redis.RedisValues.encodeAnswer;
import static dev.riskgate.state.redis.RedisValues.encodeFolded;
import static dev.riskgate.state.redis.RedisValues.encodeRecord;
import static dev.riskgate.state.redis.RedisValues.encodeWhole;
import static dev.riskgate.state.redis.RedisValues.entriesOf;
import static dev.riskgate.state.redis.RedisValues.fold;
import static dev.riskgate.state.redis.RedisValues.pendingOf;

import dev.riskgate.state.AnswerWindows;
import dev.riskgate.state.Applied;
import dev.riskgate.state.Commit;
import dev.riskgate.state.DecisionRecord;
import dev.riskgate.state.EventLog;
import dev.riskgate.state.Histories;
import dev.riskgate.state.HistoryOp;
import dev.riskgate.state.Retention;
import dev.riskgate.state.Snapshot;
import dev.riskgate.state.StateKeys;
import dev.riskgate.state.StateStore;
import dev.riskgate.state.StateUnavailable;
import dev.riskgate.state.redis.HistoryCache.Cached;
import dev.riskgate.state.redis.RedisValues.Kind;
import dev.riskgate.state.redis.RedisValues.Pending;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The state store on Redis, so that several riskgate instances share one history (issue 9). Chosen with
 * {@code RISKGATE_REDIS_URL}.
 *
 * <p><b>Why Lettuce, not the Vert.x Redis client.</b> Scoring runs blocking on a worker thread (snapshot,
 * rules, apply), so a client with a plain synchronous wait on a future fits it without bridging
 * callbacks back into the worker; Lettuce's async API on one shared, thread-safe connection pipelines by
 * itself (several commands sent before the first reply is awaited), and the same command interfaces
 * serve Redis Cluster ({@code RedisClusterClient}) with slot routing built in: a {@code redis-cluster://}
 * URL ({@link RedisEndpoint}) runs the same code on a Cluster.
 *
 * <p><b>Keys.</b> One Redis key per entity, no hash tags (no entity has two keys that must share a
 * slot), so the four keys of a decision may live on four Cluster nodes:
 * <ul>
 *   <li>{@code P e:<eventId>}: a hash, {@code r} the encoded {@link DecisionRecord#compact() compact
 *       record}, {@code p} the commit's operations while they may not yet be on every history key;</li>
 *   <li>{@code P w:{<tag>}<eventId>}: the rest of the answer for the idempotency window, in the event
 *       key's slot (the tag, as {@link PendingIndex}'s), so the record script writes both;</li>
 *   <li>{@code P a:<accountId>}, {@code P d:<deviceId>}, {@code P s:<storeId>}: lists of entries, each
 *       either a batch of encoded {@link HistoryOp}s or one folded state (only ever at the head, written
 *       by compaction). A history is the {@link Histories#fold} of its list;</li>
 *   <li>{@code P p:{<tag>}}: a sorted set per hash slot, the events of that slot whose {@code p} is set
 *       ({@link PendingIndex}; the tag puts it in that slot).</li>
 * </ul>
 * Values are written by {@link RedisValues}; the scripts are in {@link RedisScripts}, the folds this
 * instance keeps in {@link HistoryCache}.
 *
 * <p><b>What is atomic on a Cluster.</b> Every script touches one slot. The record, with the operations attached, is
 * written first by one script on the event key and its slot's pending index: set if absent for a
 * decision, compare-and-replace for feedback, and the event listed as pending. That script is the
 * idempotency point, across instances too: of two instances scoring one event id, exactly one script
 * succeeds. Then the operations are appended to each history key ({@code RPUSH}, a commutative append:
 * two instances appending to one account at once both land, Redis orders them, nothing is
 * read-modified-written; pipelined, one key each, so their slots may differ). Last, {@code p} is cleared
 * and the event unlisted, in one script. Whoever finds {@code p} still set (a retry, a reader, the next
 * feedback's script, which hands the previous {@code p} back, or every instance's {@link PendingSweeper}
 * for a writer that died and an event nobody reads again) appends it again first; appends of an event
 * a history holds, or of one older than all a full history keeps, and restatuses that do not move a
 * status forward are no-ops in the fold, so applying twice is harmless. A reader may see one key ahead
 * of another for a moment.
 *
 * <p><b>One server: a commit is one script.</b> The steps above exist because a Cluster spreads a
 * commit's keys over several nodes, and no script spans two. On a single Redis (a {@code redis://} URL)
 * every key is on one server, so a decision is two scripts, each one round trip: {@link
 * RedisScripts#SNAPSHOT} reads the event and the three lists, {@link RedisScripts#COMMIT_AT_ONCE} writes
 * the record and appends the operations atomically, nothing pending, nothing to settle (it was nine
 * commands in three round trips). The stepwise path stays for a Cluster, and its repair (settling what a
 * reader finds pending, the sweeper) stays on one server too: an instance of an earlier release, or one
 * on the stepwise path that died mid-commit, may have left a commit pending there.
 *
 * <p><b>Round trips on a Cluster.</b> A decision: snapshot 1 (event hash and three lists, pipelined),
 * apply 2 (the record script, then the appends pipelined; clearing {@code p} is sent without waiting). A
 * list past {@link #COMPACT_AT} entries costs one more read and one script, amortised over that many
 * commits.
 *
 * <p><b>Expiry.</b> Every write renews its key's TTL: events the feedback window ({@link AnswerWindows}),
 * their answers ({@code P w:{<tag>}<eventId>}) the idempotency window from the decision, device and
 * store lists {@link Retention#EVENTS}, accounts {@link Retention#PROFILE} (they hold device trust and
 * usual stores; a frozen account none, see {@link RedisScripts#APPEND}). Inside a list, the fold prunes by the same {@link Retention} rules as every store.
 */
public final class RedisStateStore implements StateStore {

    /** What the service's keys start with, so that one Redis can hold other data beside riskgate's. */
    public static final String DEFAULT_PREFIX = "riskgate:";
    /** A list longer than this is folded into one entry at its head when next read or appended to. */
    static final int COMPACT_AT = 64;
    /** An appended list nobody reads is compacted past this many entries. */
    private static final int UNREAD_COMPACT_AT = 4 * COMPACT_AT;
    /**
     * Bytes that identify a list's head: every entry starts with its format, its kind and a random
     * nonce, so a head replaced by compaction, or a list expired and begun again, never matches.
     */
    static final int HEAD_ID = 10;
    private static final byte[] HEAD_ID_ARG = Integer.toString(HEAD_ID).getBytes(StandardCharsets.US_ASCII);
    /** How long one operation (a snapshot, a commit, a lookup) may take unless the caller says otherwise. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
    /** The longest wait between attempts to reconnect, so that riskgate recovers soon after Redis returns. */
    private static final Duration MAX_RECONNECT_DELAY = Duration.ofSeconds(1);
    /** How many index keys a sweep reads at once, and how many entries of each. */
    private static final int SWEEP_BATCH = 1024;
    private static final int SWEEP_PER_KEY = 100;

    private final RedisEndpoint.Connection connected;
    private final StatefulConnection<String, byte[]> connection;
    private final RedisClusterAsyncCommands<String, byte[]> redis;
    private final String prefix;
    private final Map<String, String> shas;
    private final HistoryCache cache = new HistoryCache();
    private final PendingSweeper sweeper;
    private final Duration timeout;
    private final AnswerWindows windows;
    private final RedisOutbox outbox;
    /** How this instance writes history entries and pending operations ({@link RedisValues#WRITES}; tests choose). */
    private final RedisValues.Layout layout;
    /** Every key on one server (not a Cluster): a snapshot and a commit are one script each. */
    private final boolean oneServer;

    private RedisStateStore(RedisEndpoint endpoint, String prefix, Duration timeout, Duration sweepEvery,
                            Duration sweepAfter, AnswerWindows windows, RedisValues.Layout layout) {
        RedisEndpoint.Connection connected = endpoint.connect(DEFAULT_TIMEOUT, MAX_RECONNECT_DELAY);
        this.oneServer = !endpoint.cluster();
        this.connected = connected;
        this.layout = layout;
        this.windows = windows;
        this.timeout = timeout;
        this.connection = connected.connection();
        // Commands are written when someone waits for one (await) or fires one off (flush), not one
        // write and flush each: a decision's pipelined reads and appends go out as one write. This was
        // most of the service's Netty time on Redis (12 commands, so 12 flushes, per decision).
        this.connection.setAutoFlushCommands(false);
        this.redis = connected.commands();
        this.prefix = prefix;
        this.shas = new java.util.concurrent.ConcurrentHashMap<>();
        this.sweeper = new PendingSweeper(this::sweep, sweepEvery, sweepAfter);
        this.outbox = new RedisOutbox(this, redis, prefix);
    }

    @Override
    public dev.riskgate.state.Outbox outbox() {
        return outbox;
    }

    /**
     * Connects to {@code url} (one server: {@code redis://} or {@code rediss://}; a Redis Cluster:
     * {@code redis-cluster://host:port,...} or {@code rediss-cluster://}; optional password, see
     * {@link RedisEndpoint}); keys start with {@code prefix}. Starts this instance's {@link PendingSweeper}.
     */
    public static RedisStateStore open(String url, String prefix) {
        return open(url, prefix, DEFAULT_TIMEOUT);
    }

    /**
     * As {@link #open(String, String)}, each operation (snapshot, commit, lookup: all their round trips
     * together) failing with {@link StateUnavailable} past {@code timeout}. The service passes half its
     * decision deadline, so that a commit that began before the deadline ends soon after it.
     */
    public static RedisStateStore open(String url, String prefix, Duration timeout) {
        return open(url, prefix, timeout, AnswerWindows.DEFAULT);
    }

    /** As {@link #open(String, String, Duration)}, with the idempotency and feedback windows chosen. */
    public static RedisStateStore open(String url, String prefix, Duration timeout, AnswerWindows windows) {
        return open(url, prefix, timeout, PendingSweeper.EVERY, PendingSweeper.AFTER, windows);
    }

    /** With the sweeper's period and age chosen (tests). */
    static RedisStateStore open(String url, String prefix, Duration sweepEvery, Duration sweepAfter) {
        return open(url, prefix, DEFAULT_TIMEOUT, sweepEvery, sweepAfter, AnswerWindows.DEFAULT);
    }

    /** Writing {@code layout} (tests: an instance of a later release, which writes what this one only reads). */
    static RedisStateStore open(String url, String prefix, RedisValues.Layout layout) {
        return new RedisStateStore(RedisEndpoint.parse(url), prefix, DEFAULT_TIMEOUT, PendingSweeper.EVERY,
                PendingSweeper.AFTER, AnswerWindows.DEFAULT, layout);
    }

    private static RedisStateStore open(String url, String prefix, Duration timeout, Duration sweepEvery,
                                        Duration sweepAfter, AnswerWindows windows) {
        // Lettuce waits DEFAULT_TIMEOUT for a connection and its handshake (at start and on reconnecting),
        // not for commands: a cold JVM's first connection can take longer than a decision's budget.
        return new RedisStateStore(RedisEndpoint.parse(url), prefix, timeout, sweepEvery, sweepAfter, windows,
                RedisValues.WRITES);
    }

    /** Where {@code url} points, for logs: scheme, hosts and ports, never the password. */
    public static String where(String url) {
        return RedisEndpoint.parse(url).where();
    }

    /** Loads every script, so that no decision waits for a SCRIPT LOAD (a cold instance's first commit did). */
    @Override
    public void prepare() {
        long until = System.nanoTime() + DEFAULT_TIMEOUT.toNanos();
        for (String script : RedisScripts.ALL) {
            sha(script, until);
        }
    }

    @Override
    public Optional<DecisionRecord> decision(String eventId) {
        long until = deadline();
        RedisFuture<List<io.lettuce.core.KeyValue<String, byte[]>>> event = redis.hmget(eventKey(eventId), "r", "p");
        RedisFuture<byte[]> answer = redis.get(answerKey(eventId));
        List<byte[]> rp = await(event, until).stream().map(kv -> kv.getValueOrElse(null)).toList();
        if (rp.get(1) != null) {
            settle(eventId, rp.get(1), until);
        }
        return Optional.ofNullable(decodeRecord(eventId, rp.get(0), await(answer, until)));
    }

    @Override
    public Snapshot snapshot(StateKeys keys) {
        long until = deadline();
        return reloadingScripts(() -> oneServer ? readAtOnce(keys, until) : read(keys, until));
    }

    /**
     * Runs {@code work}, and once more if Redis had forgotten a script it runs (a restart, SCRIPT FLUSH):
     * a refused script ran nothing, and every step here may be repeated, so sending again is safe.
     */
    private <T> T reloadingScripts(java.util.function.Supplier<T> work) {
        try {
            return work.get();
        } catch (StateUnavailable e) {
            if (!(e.getCause() instanceof RedisNoScriptException)) {
                throw e;
            }
            shas.clear();
            return work.get();
        }
    }

    /** One round trip: the event hash and the new tail of each history, pipelined. */
    private Snapshot read(StateKeys keys, long until) {
        String store = keys.storeId();
        RedisFuture<List<io.lettuce.core.KeyValue<String, byte[]>>> event = redis.hmget(eventKey(keys.eventId()), "r", "p");
        RedisFuture<byte[]> answer = redis.get(answerKey(keys.eventId()));
        Tail account = tail(accountKey(keys.accountId()), until);
        Tail device = tail(deviceKey(keys.deviceId()), until);
        Tail shop = store == null ? null : tail(storeKey(store), until);
        List<io.lettuce.core.KeyValue<String, byte[]>> rp = await(event, until);
        byte[] record = rp.get(0).getValueOrElse(null);
        byte[] pending = rp.get(1).getValueOrElse(null);
        if (pending != null) {
            // A commit whose operations may not be everywhere yet (its writer slow or gone): finish it,
            // then read the histories again so that they hold it.
            settle(keys.eventId(), pending, until);
            return read(keys, until);
        }
        return new Snapshot(Optional.ofNullable(decodeRecord(keys.eventId(), record, await(answer, until))),
                history(account, ACCOUNT, until),
                history(device, LOG, until),
                shop == null ? EventLog.EMPTY : history(shop, LOG, until));
    }

    /** {@link #read} in one script ({@link RedisScripts#SNAPSHOT}), where every key is on one server. */
    private Snapshot readAtOnce(StateKeys keys, long until) {
        String[] lists = keys.storeId() == null
                ? new String[] {accountKey(keys.accountId()), deviceKey(keys.deviceId())}
                : new String[] {accountKey(keys.accountId()), deviceKey(keys.deviceId()), storeKey(keys.storeId())};
        String[] scriptKeys = new String[2 + lists.length];
        scriptKeys[0] = eventKey(keys.eventId());
        scriptKeys[1] = answerKey(keys.eventId());
        byte[][] args = new byte[1 + lists.length][];
        args[0] = HEAD_ID_ARG;
        Cached[] cached = new Cached[lists.length];
        for (int i = 0; i < lists.length; i++) {
            scriptKeys[2 + i] = lists[i];
            cached[i] = cache.get(lists[i]);
            args[1 + i] = Long.toString(cached[i] == null ? 0 : cached[i].count()).getBytes(StandardCharsets.US_ASCII);
        }
        List<Object> reply = script(SNAPSHOT, scriptKeys, until, args);
        byte[] pending = (byte[]) reply.get(1);
        if (pending.length > 0) {
            settle(keys.eventId(), pending, until);
            return readAtOnce(keys, until);
        }
        byte[] record = (byte[]) reply.get(0);
        byte[] answer = (byte[]) reply.get(2);
        return new Snapshot(Optional.ofNullable(decodeRecord(keys.eventId(), record.length == 0 ? null : record,
                        answer.length == 0 ? null : answer)),
                history(lists[0], cached[0], reply.subList(3, 5), ACCOUNT, until),
                history(lists[1], cached[1], reply.subList(5, 7), LOG, until),
                lists.length == 2 ? EventLog.EMPTY : history(lists[2], cached[2], reply.subList(7, 9), LOG, until));
    }

    @Override
    public Applied apply(Commit commit) {
        if (oneServer && commit.record() != null) {
            Applied done = commitAtOnce(commit);
            if (done != null) {
                return done;
            }
        }
        return applyUntil(commit, Step.SETTLE);
    }

    /**
     * The whole commit in one script ({@link RedisScripts#COMMIT_AT_ONCE}), or null, having written nothing,
     * when the stored record still carries another commit's pending operations: the stepwise path then
     * puts those on the histories before this commit's, as it always has.
     */
    private Applied commitAtOnce(Commit commit) {
        long until = deadline();
        String eventId = commit.keys().eventId();
        Pending mine = entriesOf(commit, layout);
        String event = eventKey(eventId);
        boolean store = mine.store() != null;
        String[] keys = new String[store ? 7 : 6];
        keys[0] = event;
        keys[1] = answerKey(eventId);
        keys[2] = alertsKey(eventId);
        keys[3] = PendingIndex.outboxKeyFor(prefix, event);
        keys[4] = accountKey(mine.account());
        keys[5] = deviceKey(mine.device());
        if (store) {
            keys[6] = storeKey(mine.store());
        }
        List<byte[]> args = recordArgs(commit, null);
        args.add(mine.freeze().getBytes(StandardCharsets.US_ASCII));
        args.add(orNone(mine.accountOps()));
        args.add(millis(Retention.PROFILE));
        args.add(orNone(mine.deviceOps()));
        args.add(millis(Retention.EVENTS));
        if (store) {
            args.add(orNone(mine.storeOps()));
            args.add(millis(Retention.EVENTS));
        }
        commit.alerts().forEach(a -> args.add(a.alertId().getBytes(StandardCharsets.UTF_8)));
        List<Object> result = script(COMMIT_AT_ONCE, keys, until, args.toArray(byte[][]::new));
        long outcome = (Long) result.get(0);
        if (outcome == 2L) {
            return null;
        }
        if (outcome == 0L) {
            return refused(eventId, result, until);
        }
        for (int i = 3; i < result.size(); i++) {
            if ((Long) result.get(i) > UNREAD_COMPACT_AT) {
                compactUnread(keys[4 + i - 3], until);
            }
        }
        return new Applied(true, commit.record());
    }

    private static byte[] orNone(byte[] entry) {
        return entry == null ? NONE : entry;
    }

    /** The steps of a commit, in order: where {@link #applyUntil} stops, as an instance dying there would. */
    enum Step { RECORD, APPENDS, SETTLE }

    /** {@link #apply}, stopping after {@code last}: the tests' way to leave what a crash leaves, on the real path. */
    Applied applyUntil(Commit commit, Step last) {
        long until = deadline();
        Pending mine = pendingOf(commit, layout);
        byte[] ops = mine.bytes();
        if (commit.record() == null) {
            append(mine, until);
            return new Applied(true, null);
        }
        String eventId = commit.keys().eventId();
        String[] keys = eventKeys(eventId);
        byte[] id = eventId.getBytes(StandardCharsets.UTF_8);
        List<byte[]> args = recordArgs(commit, ops);
        commit.alerts().forEach(a -> args.add(a.alertId().getBytes(StandardCharsets.UTF_8)));
        List<Object> result = script(COMMIT, new String[] {keys[0], keys[1], answerKey(eventId), alertsKey(eventId),
                PendingIndex.outboxKeyFor(prefix, keys[0])}, until, args.toArray(byte[][]::new));
        boolean applied = (Long) result.get(0) == 1L;
        byte[] earlier = (byte[]) result.get(2);
        if (last == Step.RECORD) {
            return new Applied(applied, applied ? commit.record() : null);
        }
        if (earlier.length > 0) {
            // The record we replaced, or that refused us, still carries operations: they were accepted
            // before ours, so they go onto the histories first.
            append(decodePending(earlier), until);
            if (!applied) {
                redis.evalsha(sha(SETTLE, until), ScriptOutputType.INTEGER, keys, earlier, id);
                connection.flushCommands();
            }
        }
        if (!applied) {
            return refusal(eventId, result);
        }
        append(mine, until);
        if (last == Step.SETTLE) {
            // Not awaited: if it is lost, the next reader of this event, or the sweeper, appends the
            // operations again, harmlessly.
            redis.evalsha(sha(SETTLE, until), ScriptOutputType.INTEGER, keys, ops, id);
            connection.flushCommands();
        }
        return new Applied(true, commit.record());
    }

    /**
     * A record script's arguments, both paths' (see {@link RedisScripts#COMMIT_AT_ONCE}): expected record,
     * new record, then {@code pending} when it is given ({@link RedisScripts#COMMIT}'s {@code p}), feedback
     * window, now, event id, answer, how long to keep it, the expected record as an earlier version stored
     * it, the alerts. A decision writes its answer for the idempotency window.
     * Feedback on a whole record writes it again for what is left of the window (the same bytes and about
     * the same expiry, unless an earlier version kept the record whole in r, with no answer key); past it,
     * never.
     */
    private List<byte[]> recordArgs(Commit commit, byte[] pending) {
        DecisionRecord expected = commit.expected();
        long now = System.currentTimeMillis();
        long answerFor = expected == null ? windows.idempotency().toMillis()
                : commit.record().answerKept()
                ? commit.record().decidedAt().toEpochMilli() + windows.idempotency().toMillis() - now : 0;
        List<byte[]> args = new ArrayList<>(16 + commit.alerts().size());
        args.add(expected == null ? NONE : encodeRecord(expected));
        args.add(encodeRecord(commit.record()));
        if (pending != null) {
            args.add(pending);
        }
        args.add(millis(windows.feedback()));
        args.add(Long.toString(now).getBytes(StandardCharsets.US_ASCII));
        args.add(commit.keys().eventId().getBytes(StandardCharsets.UTF_8));
        args.add(answerFor > 0 && commit.record().answerKept() ? encodeAnswer(commit.record()) : NONE);
        args.add(Long.toString(Math.max(1, answerFor)).getBytes(StandardCharsets.US_ASCII));
        args.add(expected != null && expected.answerKept() ? encodeWhole(expected) : NONE);
        args.add(RedisOutbox.encode(commit.alerts()));
        return args;
    }

    /**
     * A commit refused at once ({@code {0, stored, pending, answer}}): what the stored record still
     * carries goes onto the histories (it was accepted before), and the stored answer stands.
     */
    private Applied refused(String eventId, List<Object> result, long until) {
        byte[] earlier = (byte[]) result.get(2);
        if (earlier.length > 0) {
            settle(eventId, earlier, until);
        }
        return refusal(eventId, result);
    }

    private static Applied refusal(String eventId, List<Object> result) {
        byte[] stored = (byte[]) result.get(1);
        byte[] answer = (byte[]) result.get(3);
        return new Applied(false, decodeRecord(eventId, stored.length == 0 ? null : stored,
                answer.length == 0 ? null : answer));
    }

    /**
     * Finishes every commit listed in {@link PendingIndex} before {@code cutoffMillis} (epoch ms) whose
     * operations are still pending: its writer stopped after the record script, and nobody has read the
     * event since. Idempotent, like every settle; answers how many commits it finished.
     */
    int sweep(long cutoffMillis) {
        Range<Long> listedBefore = Range.from(Range.Boundary.unbounded(), Range.Boundary.including(cutoffMillis));
        int finished = 0;
        for (int from = 0; from < PendingIndex.SLOTS; from += SWEEP_BATCH) {
            // A background pass, not a decision: each batch gets the default wait, not the decision budget.
            long until = System.nanoTime() + DEFAULT_TIMEOUT.toNanos();
            List<RedisFuture<List<byte[]>>> listed = new ArrayList<>(SWEEP_BATCH);
            for (int slot = from; slot < Math.min(from + SWEEP_BATCH, PendingIndex.SLOTS); slot++) {
                listed.add(redis.zrangebyscore(PendingIndex.key(prefix, slot), listedBefore, Limit.create(0, SWEEP_PER_KEY)));
            }
            for (RedisFuture<List<byte[]>> ids : listed) {
                for (byte[] id : await(ids, until)) {
                    String eventId = new String(id, StandardCharsets.UTF_8);
                    byte[] pending = (byte[]) this.<List<Object>>script(SWEEP, eventKeys(eventId), until, id).get(0);
                    if (pending.length > 0) {
                        settle(eventId, pending, until);
                        finished++;
                    }
                }
            }
        }
        return finished;
    }

    @Override
    public void close() {
        try {
            sweeper.close();
        } finally {
            connected.close();
        }
    }

    // --- writing -----------------------------------------------------------------------------------

    /** Appends a commit's operations to each history key it names, pipelined, and renews their TTLs. */
    private void append(Pending p, long until) {
        reloadingScripts(() -> {
            appendOnce(p, until);
            return null;
        });
    }

    private void appendOnce(Pending p, long until) {
        List<String> keys = new ArrayList<>(3);
        List<RedisFuture<Long>> lengths = new ArrayList<>(3);
        appendTo(accountKey(p.account()), p.accountOps(), Retention.PROFILE, p.freeze(), keys, lengths, until);
        appendTo(deviceKey(p.device()), p.deviceOps(), Retention.EVENTS, "", keys, lengths, until);
        if (p.store() != null) {
            appendTo(storeKey(p.store()), p.storeOps(), Retention.EVENTS, "", keys, lengths, until);
        }
        for (int i = 0; i < keys.size(); i++) {
            if (await(lengths.get(i), until) > UNREAD_COMPACT_AT) {
                compactUnread(keys.get(i), until);
            }
        }
    }

    /** Reads, and so compacts, a list past {@link #UNREAD_COMPACT_AT}: only one nobody reads (an import) gets so long. */
    private void compactUnread(String key, long until) {
        if (key.startsWith(prefix + "a:")) {
            history(tail(key, until), ACCOUNT, until);
        } else {
            history(tail(key, until), LOG, until);
        }
    }

    private void appendTo(String key, byte[] ops, Duration ttl, String freeze, List<String> keys,
                          List<RedisFuture<Long>> lengths, long until) {
        if (ops == null) {
            return;
        }
        keys.add(key);
        lengths.add(redis.evalsha(sha(APPEND, until), ScriptOutputType.INTEGER, new String[] {key}, ops, millis(ttl),
                freeze.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * Replaces the first {@code count} entries of {@code key} with {@code folded}, unless the head changed
     * since they were read (another instance compacted first: its folded entry carries a nonce within
     * its first {@link #HEAD_ID} bytes, so it never matches what was read). Entries appended meanwhile
     * stay behind the folded one, in order.
     */
    private boolean replaceHead(String key, byte[] headId, long count, byte[] folded, Duration ttl, long until) {
        List<Object> done = script(COMPACT, new String[] {key}, until, headId, Long.toString(count).getBytes(), folded, millis(ttl));
        return (Long) done.get(0) == 1L;
    }

    private void settle(String eventId, byte[] pending, long until) {
        append(decodePending(pending), until);
        reloadingScripts(() -> await(redis.evalsha(sha(SETTLE, until), ScriptOutputType.INTEGER, eventKeys(eventId),
                pending, eventId.getBytes(StandardCharsets.UTF_8)), until));
    }

    // --- reading -----------------------------------------------------------------------------------

    /** A history read in flight: the key, what the cache held when it was sent, and the reply. */
    private record Tail(String key, Cached cached, RedisFuture<List<Object>> reply) {
    }

    private Tail tail(String key, long until) {
        Cached cached = cache.get(key);
        long from = cached == null ? 0 : cached.count();
        return new Tail(key, cached, redis.evalsha(sha(READ, until), ScriptOutputType.MULTI, new String[] {key},
                Long.toString(from).getBytes(), HEAD_ID_ARG));
    }

    private <T> T history(Tail tail, Kind<T> kind, long until) {
        return history(tail.key(), tail.cached(), await(tail.reply(), until), kind, until);
    }

    /** The history of {@code key} from {@link RedisScripts#READ}'s {@code reply}, sent when the cache held {@code cached}. */
    @SuppressWarnings("unchecked")
    private <T> T history(String key, Cached cached, List<Object> reply, Kind<T> kind, long until) {
        byte[] headId = (byte[]) reply.get(0);
        List<byte[]> entries = (List<byte[]>) reply.get(1);
        if (headId.length == 0) {
            cache.remove(key);
            return kind.empty();
        }
        if (cached != null && !Arrays.equals(headId, cached.headId())) {
            // Compacted (or expired and begun again) since this instance last read it: read it whole.
            cache.remove(key);
            return history(tail(key, until), kind, until);
        }
        T state = fold(key, kind, cached == null ? kind.empty() : (T) cached.state(), entries);
        long count = (cached == null ? 0 : cached.count()) + entries.size();
        cache.put(key, new Cached(headId, count, state));
        if (count > COMPACT_AT && cache.startCompacting(key)) {
            try {
                byte[] folded = encodeFolded(kind, state, layout);
                if (replaceHead(key, headId, count, folded, kind.ttl(), until)) {
                    cache.put(key, new Cached(Arrays.copyOf(folded, Math.min(HEAD_ID, folded.length)), 1, state));
                }
            } finally {
                cache.doneCompacting(key);
            }
        }
        return state;
    }

    // --- Redis -------------------------------------------------------------------------------------

    String eventKey(String id) {
        return prefix + "e:" + id;
    }

    /** The event key and its slot's pending index: the two keys a record script touches, in one slot. */
    private String[] eventKeys(String id) {
        String event = eventKey(id);
        return new String[] {event, PendingIndex.keyFor(prefix, event)};
    }

    /** The event's answer, a string in the event key's slot (so one script writes both). */
    private String answerKey(String id) {
        return prefix + "w:" + PendingIndex.tagOf(eventKey(id)) + id;
    }

    /**
     * The event's alerts for the outbox, a string in the event key's slot: apart from the event's hash, so
     * the hash stays small (and the settle step's rewrite of it keeps nothing but the record).
     */
    String alertsKey(String id) {
        return prefix + "al:" + PendingIndex.tagOf(eventKey(id)) + id;
    }

    private String accountKey(String id) {
        return prefix + "a:" + id;
    }

    private String deviceKey(String id) {
        return prefix + "d:" + id;
    }

    private String storeKey(String id) {
        return prefix + "s:" + id;
    }

    private static byte[] millis(Duration d) {
        return Long.toString(d.toMillis()).getBytes();
    }

    private String sha(String script, long until) {
        return shas.computeIfAbsent(script, s -> await(redis.scriptLoad(s), until));
    }

    /**
     * Runs a script by its digest, loading it again if the server forgot it (a restart, SCRIPT FLUSH, a
     * Cluster node added or promoted since). Every script's keys share one slot (see {@link PendingIndex}).
     */
    <T> T script(String script, String[] keys, long until, byte[]... args) {
        return reloadingScripts(() -> await(redis.evalsha(sha(script, until), ScriptOutputType.MULTI, keys, args), until));
    }

    /** When an operation starting now must be over, in {@link System#nanoTime()}. */
    private long deadline() {
        return System.nanoTime() + timeout.toNanos();
    }

    <T> T await(RedisFuture<T> future, long until) {
        if (!future.isDone()) {
            connection.flushCommands();
        }
        return RedisEndpoint.await(future, until, timeout);
    }

    @Override
    public String toString() {
        return "RedisStateStore[" + prefix + "]";
    }
}
