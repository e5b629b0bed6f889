package dev.riskgate.state.redis;

import dev.riskgate.state.AccountState;
import dev.riskgate.state.Commit;
import dev.riskgate.state.DecisionRecord;
import dev.riskgate.state.EventLog;
import dev.riskgate.state.Histories;
import dev.riskgate.state.HistoryOp;
import dev.riskgate.state.Retention;
import dev.riskgate.state.StateKeys;
import dev.riskgate.state.codec.Canon;
import dev.riskgate.state.codec.CompactRecords;
import dev.riskgate.state.codec.EarlierLayout;
import dev.riskgate.state.codec.Form;
import dev.riskgate.state.codec.StateForms;
import dev.riskgate.state.codec.StateIn;
import dev.riskgate.state.codec.StateOut;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How the {@link RedisStateStore}'s values are written: records and answers in the event keys, operations
 * and folded states in the history lists, a commit's pending operations. Every value begins with a format
 * byte, so that instances of two versions sharing one Redis (a rolling deploy) can tell what they read.
 */
final class RedisValues {

    /**
     * The layout of history entries and pending operations, by their format byte. Both are read; what an
     * instance writes is {@link #WRITES}.
     */
    enum Layout {
        /** Format 1, {@link EarlierLayout}: what every version up to 2e2a270 wrote, and the only one it reads. */
        EARLIER((byte) 1),
        /** Format 3, {@link StateForms}: the journal's and the checkpoint's forms (2 is a compact record's byte). */
        FORMS((byte) 3);

        final byte format;

        Layout(byte format) {
            this.format = format;
        }

        static Layout of(byte format) {
            for (Layout l : values()) {
                if (l.format == format) {
                    return l;
                }
            }
            throw new IllegalStateException("Redis value of format " + format + ", this riskgate reads 1 and 3");
        }
    }

    /**
     * What this version writes: format 1, which the release before it reads, since instances of both share
     * Redis while a fleet is upgraded one by one. A later release, once no instance older than this one
     * runs, writes {@link Layout#FORMS}.
     */
    static final Layout WRITES = Layout.EARLIER;

    /** The format byte of a whole record ({@link EarlierLayout#RECORD}, as earlier versions kept one in {@code r}) and of an answer. */
    private static final byte FORMAT = 1;
    /** The format byte of a compact record ({@link CompactRecords}). */
    private static final byte COMPACT_RECORD = 2;
    /** A history entry's kind: a batch of operations, or one folded state (only ever at the head). */
    private static final byte OPS = 1;
    private static final byte FOLDED = 2;
    /** An entry's format, kind and random nonce come before what it holds. */
    private static final int ENTRY_HEAD = 10;
    static final byte[] NONE = new byte[0];

    private RedisValues() {
    }

    /**
     * How one kind of history is folded and kept: an account, or a device or store log, in each layout.
     * Kept generic so that the tail read, the cache and compaction are written once for both.
     */
    record Kind<T>(T empty, Duration ttl, Folder<T> fold, Form<T> earlier, Form<T> forms) {
        Form<T> form(Layout layout) {
            return layout == Layout.FORMS ? forms : earlier;
        }
    }

    interface Folder<T> {
        T fold(T base, List<HistoryOp> ops);
    }

    static final Kind<AccountState> ACCOUNT = new Kind<>(AccountState.EMPTY, Retention.PROFILE,
            Histories::fold, EarlierLayout.ACCOUNT, StateForms.ACCOUNT);
    static final Kind<EventLog> LOG = new Kind<>(EventLog.EMPTY, Retention.EVENTS,
            Histories::fold, EarlierLayout.LOG, StateForms.LOG);

    private static Form<List<HistoryOp>> ops(Layout layout) {
        return layout == Layout.FORMS ? StateForms.OPS : EarlierLayout.OPS;
    }

    /**
     * A commit's keys and operations: {@code bytes} the event hash's {@code p}, and each key's operations
     * as the list entry it appends (null where there is none); {@code freeze} what they do to the owner's
     * freeze, for the account key's TTL (see {@link RedisScripts#APPEND}). The operations are encoded once
     * and the same bytes serve {@code p} and the entries.
     */
    record Pending(String account, String device, String store, byte[] accountOps, byte[] deviceOps,
                   byte[] storeOps, String freeze, byte[] bytes) {
    }

    /** '1' when the last freeze change in {@code ops} freezes, '0' when it unfreezes, '' when there is none. */
    private static String freezeOf(List<HistoryOp> ops) {
        String last = "";
        for (HistoryOp op : ops) {
            if (op instanceof HistoryOp.Freeze f) {
                last = f.freeze().frozen() ? "1" : "0";
            }
        }
        return last;
    }

    // --- history entries ---------------------------------------------------------------------------

    /** {@code base} with every entry of a list's tail folded in, in order. */
    static <T> T fold(String key, Kind<T> kind, T base, List<byte[]> entries) {
        T state = base;
        Canon canon = new Canon();
        for (byte[] entry : entries) {
            try {
                Layout layout = Layout.of(entry[0]);
                StateIn in = new StateIn(entry, ENTRY_HEAD, entry.length).sharing(canon);
                state = entry[1] == FOLDED ? kind.form(layout).read(in)
                        : kind.fold().fold(state, ops(layout).read(in));
                if (!in.atEnd()) {
                    throw new IllegalStateException("bytes past its end");
                }
            } catch (RuntimeException e) {
                throw new IllegalStateException("unreadable history entry in " + key + ": " + e.getMessage(), e);
            }
        }
        return state;
    }

    /** The list entry holding {@code state} folded, behind a random nonce (see {@link RedisStateStore}'s head id). */
    static <T> byte[] encodeFolded(Kind<T> kind, T state, Layout layout) {
        StateOut out = new StateOut(256);
        head(out, layout, FOLDED);
        kind.form(layout).write(out, state);
        return out.toBytes();
    }

    private static void head(StateOut out, Layout layout, byte kind) {
        out.u8(layout.format);
        out.u8(kind);
        out.int64(ThreadLocalRandom.current().nextLong());
    }

    /** The list entry for operations already encoded, bytes {@code [from, to)} of {@code ops}, or null for none. */
    private static byte[] opsEntry(Layout layout, byte[] ops, int from, int to, boolean none) {
        if (none) {
            return null;
        }
        StateOut out = new StateOut(ENTRY_HEAD + to - from);
        head(out, layout, OPS);
        out.raw(ops, from, to - from);
        return out.toBytes();
    }

    // --- records and answers -----------------------------------------------------------------------

    /**
     * The event hash's {@code r}: the {@link DecisionRecord#compact() compact record}, kept for the
     * feedback window. The rest of the answer is in the answer key ({@link #encodeAnswer}), kept for the
     * idempotency window, so the record turns compact by itself when that key expires.
     */
    static byte[] encodeRecord(DecisionRecord record) {
        StateOut out = new StateOut(64);
        out.u8(COMPACT_RECORD);
        CompactRecords.write(out, record.compact());
        return out.toBytes();
    }

    /** A whole record as earlier versions kept it in {@code r}: what a commit expecting one compares. */
    static byte[] encodeWhole(DecisionRecord record) {
        StateOut out = new StateOut(256);
        out.u8(FORMAT);
        EarlierLayout.RECORD.write(out, record);
        return out.toBytes();
    }

    /** What the compact record leaves out of a whole one ({@link CompactRecords#writeAnswer}), its format byte first. */
    static byte[] encodeAnswer(DecisionRecord record) {
        StateOut out = new StateOut(256);
        out.u8(FORMAT);
        CompactRecords.writeAnswer(out, record);
        return out.toBytes();
    }

    /**
     * The stored record from the hash's {@code r} and the answer key: whole while the answer is kept,
     * compact after; a whole record an earlier version wrote in {@code r} reads as it was. Null for none.
     */
    static DecisionRecord decodeRecord(String eventId, byte[] r, byte[] answer) {
        if (r == null) {
            return null;
        }
        try {
            if (r.length == 0 || r[0] != COMPACT_RECORD) {
                return EarlierLayout.RECORD.read(formatOne(r));
            }
            DecisionRecord compact = CompactRecords.read(new StateIn(r, 1, r.length), eventId);
            return answer == null ? compact : CompactRecords.readAnswer(formatOne(answer), compact);
        } catch (RuntimeException e) {
            throw new IllegalStateException("unreadable decision record for " + eventId + ": " + e.getMessage(), e);
        }
    }

    private static StateIn formatOne(byte[] value) {
        if (value.length == 0 || value[0] != FORMAT) {
            throw new IllegalStateException("Redis value of format " + (value.length == 0 ? "none" : value[0])
                    + ", this riskgate reads " + FORMAT);
        }
        return new StateIn(value, 1, value.length);
    }

    // --- pending operations ------------------------------------------------------------------------

    /**
     * The commit's keys and operations, until they are on every history: the event hash's {@code p}, and
     * the list entry of each key's operations. Each list of operations is encoded once (a decision's
     * account and device get the same list, encoded once for both) and its bytes copied where they go.
     */
    static Pending pendingOf(Commit c, Layout layout) {
        return encode(c, layout, true);
    }

    /** As {@link #pendingOf}, without {@code p} ({@code bytes} null): for a commit written in one script, never pending. */
    static Pending entriesOf(Commit c, Layout layout) {
        return encode(c, layout, false);
    }

    private static Pending encode(Commit c, Layout layout, boolean pending) {
        StateKeys k = c.keys();
        byte[] account = opsBytes(c.account(), layout);
        byte[] device = c.device().equals(c.account()) ? account : opsBytes(c.device(), layout);
        byte[] store = c.store().equals(c.account()) ? account
                : c.store().equals(c.device()) ? device : opsBytes(c.store(), layout);
        return new Pending(k.accountId(), k.deviceId(), k.storeId(),
                opsEntry(layout, account, 0, account.length, c.account().isEmpty()),
                opsEntry(layout, device, 0, device.length, c.device().isEmpty()),
                opsEntry(layout, store, 0, store.length, c.store().isEmpty()), freezeOf(c.account()),
                pending ? pendingBytes(k, layout, account, device, store) : null);
    }

    private static byte[] pendingBytes(StateKeys k, Layout layout, byte[] account, byte[] device, byte[] store) {
        StateOut p = new StateOut(32 + account.length + device.length + store.length);
        p.u8(layout.format);
        if (layout == Layout.FORMS) {
            p.string(k.accountId());
            p.string(k.deviceId());
            p.string(k.storeId());
            for (byte[] ops : new byte[][] {account, device, store}) {
                p.varLong(ops.length);
                p.raw(ops, ops.length);
            }
        } else {
            p.utf(k.accountId());
            p.utf(k.deviceId());
            p.nullableUtf(k.storeId());
            p.raw(account, account.length);
            p.raw(device, device.length);
            p.raw(store, store.length);
        }
        return p.toBytes();
    }

    private static byte[] opsBytes(List<HistoryOp> ops, Layout layout) {
        StateOut out = new StateOut(ops.isEmpty() ? 2 : 256);
        ops(layout).write(out, ops);
        return out.toBytes();
    }

    /**
     * A {@code p} read back. Format 3 says where each key's operations end; format 1 does not, so its
     * operations are decoded to find out. Only the account's are decoded in format 3, for the freeze.
     */
    static Pending decodePending(byte[] bytes) {
        try {
            Layout layout = Layout.of(bytes[0]);
            StateIn in = new StateIn(bytes, 1, bytes.length);
            String account;
            String device;
            String store;
            if (layout == Layout.FORMS) {
                account = in.string();
                device = in.string();
                store = in.string();
            } else {
                account = in.utf();
                device = in.utf();
                store = in.nullableUtf();
            }
            byte[][] entries = new byte[3][];
            List<HistoryOp> accountOps = null;
            for (int i = 0; i < 3; i++) {
                int from;
                int to;
                if (layout == Layout.FORMS) {
                    int length = in.varInt();
                    from = in.position();
                    in.bytes(length);
                    to = in.position();
                    if (i == 0) {
                        accountOps = StateForms.OPS.read(new StateIn(bytes, from, to));
                    }
                } else {
                    from = in.position();
                    List<HistoryOp> ops = EarlierLayout.OPS.read(in);
                    to = in.position();
                    accountOps = i == 0 ? ops : accountOps;
                }
                // An empty list is its count alone: one byte in format 3, two in format 1.
                boolean none = to - from == (layout == Layout.FORMS ? 1 : 2);
                entries[i] = opsEntry(layout, bytes, from, to, none);
            }
            return new Pending(account, device, store, entries[0], entries[1], entries[2], freezeOf(accountOps), bytes);
        } catch (RuntimeException e) {
            throw new IllegalStateException("unreadable pending operations: " + e.getMessage(), e);
        }
    }
}
