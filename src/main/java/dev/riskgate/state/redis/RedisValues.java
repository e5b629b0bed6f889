package dev.riskgate.state.redis;

import dev.riskgate.decision.Decision;
import dev.riskgate.decision.Reason;
import dev.riskgate.state.AccountState;
import dev.riskgate.state.Commit;
import dev.riskgate.state.DecisionRecord;
import dev.riskgate.state.EventLog;
import dev.riskgate.state.Histories;
import dev.riskgate.state.HistoryOp;
import dev.riskgate.state.Retention;
import dev.riskgate.state.StateKeys;
import dev.riskgate.state.embedded.StateBinary;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How the {@link RedisStateStore}'s values are written: records and answers in the event keys, operations
 * and folded states in the history lists, a commit's pending operations. Values use {@link StateBinary},
 * behind a format byte of their own.
 */
final class RedisValues {

    private static final byte FORMAT = 1;
    /** The format byte of a compact record ({@link StateBinary#writeCompact}); {@link #FORMAT} is a whole one (earlier versions). */
    private static final byte COMPACT_RECORD = 2;
    /** A history entry's kind: a batch of operations, or one folded state (only ever at the head). */
    private static final byte OPS = 1;
    private static final byte FOLDED = 2;
    static final byte[] NONE = new byte[0];

    private RedisValues() {
    }

    /**
     * How one kind of history is folded and kept: an account, or a device or store log. Kept generic so
     * that the tail read, the cache and compaction are written once for both.
     */
    record Kind<T>(T empty, Duration ttl, Folder<T> fold, Decoder<T> decode, Encoder<T> encode) {
    }

    interface Folder<T> {
        T fold(T base, List<HistoryOp> ops);
    }

    interface Decoder<T> {
        T read(DataInputStream in, StateBinary.Canon canon) throws IOException;
    }

    interface Encoder<T> {
        void write(DataOutputStream out, T state) throws IOException;
    }

    static final Kind<AccountState> ACCOUNT = new Kind<>(AccountState.EMPTY, Retention.PROFILE,
            Histories::fold, StateBinary::readAccount, StateBinary::writeAccount);
    static final Kind<EventLog> LOG = new Kind<>(EventLog.EMPTY, Retention.EVENTS,
            Histories::fold, StateBinary::readLog, StateBinary::writeLog);

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
        StateBinary.Canon canon = new StateBinary.Canon();
        for (byte[] entry : entries) {
            DataInputStream in = entryInput(entry);
            try {
                byte entryKind = in.readByte();
                in.readLong();
                state = entryKind == FOLDED ? kind.decode().read(in, canon)
                        : kind.fold().fold(state, StateBinary.readOps(in, canon));
            } catch (IOException e) {
                throw new UncheckedIOException("unreadable history entry in " + key, e);
            }
        }
        return state;
    }

    /** The list entry holding {@code state} folded, behind a random nonce (see {@link RedisStateStore}'s head id). */
    static <T> byte[] encodeFolded(Kind<T> kind, T state) {
        return encode(out -> {
            out.writeByte(FOLDED);
            out.writeLong(ThreadLocalRandom.current().nextLong());
            kind.encode().write(out, state);
        });
    }

    /** The list entry for operations already encoded ({@link StateBinary#writeOps}), or null for none. */
    private static byte[] opsEntry(byte[] ops, int from, int to) {
        if (to - from <= 2) { // a count of 0, nothing after it
            return null;
        }
        byte[] entry = new byte[10 + to - from];
        java.nio.ByteBuffer.wrap(entry).put(FORMAT).put(OPS).putLong(ThreadLocalRandom.current().nextLong())
                .put(ops, from, to - from);
        return entry;
    }

    // --- records and answers -----------------------------------------------------------------------

    /**
     * The event hash's {@code r}: the {@link DecisionRecord#compact() compact record}, kept for the
     * feedback window. The rest of the answer is in the answer key ({@link #encodeAnswer}), kept for the
     * idempotency window, so the record turns compact by itself when that key expires.
     */
    static byte[] encodeRecord(DecisionRecord record) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(COMPACT_RECORD);
            StateBinary.writeCompact(out, record.compact());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** A whole record as earlier versions kept it in {@code r}: what a commit expecting one compares. */
    static byte[] encodeWhole(DecisionRecord record) {
        return encode(out -> StateBinary.writeRecord(out, record));
    }

    /**
     * What the compact record leaves out of a whole one: score, whole request hash (16 bytes when hex),
     * the decision time's nanoseconds, the pack version and the reasons. Its own format byte first.
     */
    static byte[] encodeAnswer(DecisionRecord record) {
        return encode(out -> {
            Decision d = record.answer();
            boolean hex = StateBinary.lowerHex(record.requestHash(), 32);
            out.writeByte(d.score() | (hex ? 0x80 : 0));
            if (hex) {
                out.write(java.util.HexFormat.of().parseHex(record.requestHash()));
            } else {
                out.writeUTF(record.requestHash());
            }
            out.writeInt(record.decidedAt().getNano());
            out.writeUTF(d.rulesVersion());
            out.writeShort(d.reasons().size());
            for (Reason reason : d.reasons()) {
                out.writeUTF(reason.rule());
                out.writeInt(reason.points());
                out.writeUTF(reason.message());
            }
        });
    }

    /**
     * The stored record from the hash's {@code r} and the answer key: whole while the answer is kept,
     * compact after; a whole record an earlier version wrote in {@code r} reads as it was. Null for none.
     */
    static DecisionRecord decodeRecord(String eventId, byte[] r, byte[] answer) {
        if (r == null) {
            return null;
        }
        StateBinary.Canon canon = new StateBinary.Canon();
        try {
            if (r.length == 0 || r[0] != COMPACT_RECORD) {
                return StateBinary.readRecord(entryInput(r), canon);
            }
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(r, 1, r.length - 1));
            DecisionRecord compact = StateBinary.readCompact(in, eventId, canon);
            return answer == null ? compact : whole(compact, entryInput(answer));
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable decision record for " + eventId, e);
        }
    }

    private static DecisionRecord whole(DecisionRecord compact, DataInputStream in) throws IOException {
        int first = in.readUnsignedByte();
        String hash = (first & 0x80) != 0 ? java.util.HexFormat.of().formatHex(in.readNBytes(16)) : in.readUTF();
        Instant decidedAt = compact.decidedAt().plusNanos(in.readInt());
        String version = in.readUTF();
        int n = in.readUnsignedShort();
        List<Reason> reasons = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            reasons.add(new Reason(in.readUTF(), in.readInt(), in.readUTF()));
        }
        return new DecisionRecord(new Decision(compact.eventId(), compact.answer().decision(), first & 0x7F, reasons,
                version), hash, compact.accountId(), compact.deviceId(), compact.storeId(), decidedAt,
                compact.feedback(), true);
    }

    // --- pending operations ------------------------------------------------------------------------

    /**
     * The commit's keys and operations, until they are on every history: the event hash's {@code p}, and
     * the list entry of each key's operations. Each list of operations is encoded once (a decision's
     * account and device get the same list, encoded once for both) and its bytes copied where they go.
     */
    static Pending pendingOf(Commit c) {
        StateKeys k = c.keys();
        byte[] account = opsBytes(c.account());
        byte[] device = c.device().equals(c.account()) ? account : opsBytes(c.device());
        byte[] store = c.store().equals(c.account()) ? account
                : c.store().equals(c.device()) ? device : opsBytes(c.store());
        byte[] p = encode(out -> {
            out.writeUTF(k.accountId());
            out.writeUTF(k.deviceId());
            out.writeBoolean(k.storeId() != null);
            if (k.storeId() != null) {
                out.writeUTF(k.storeId());
            }
            out.write(account);
            out.write(device);
            out.write(store);
        });
        return new Pending(k.accountId(), k.deviceId(), k.storeId(), opsEntry(account, 0, account.length),
                opsEntry(device, 0, device.length), opsEntry(store, 0, store.length), freezeOf(c.account()), p);
    }

    private static byte[] opsBytes(List<HistoryOp> ops) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(ops.isEmpty() ? 2 : 256);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            StateBinary.writeOps(out, ops);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** A {@code p} read back: its operations are decoded only to find where each key's begin and end. */
    static Pending decodePending(byte[] bytes) {
        ByteArrayInputStream raw = new ByteArrayInputStream(bytes);
        DataInputStream in = entryInput(raw);
        StateBinary.Canon canon = new StateBinary.Canon();
        try {
            String account = in.readUTF();
            String device = in.readUTF();
            String store = in.readBoolean() ? in.readUTF() : null;
            int[] at = new int[4];
            List<HistoryOp> accountOps = null;
            for (int i = 0; i < 3; i++) {
                at[i] = bytes.length - raw.available();
                List<HistoryOp> ops = StateBinary.readOps(in, canon);
                accountOps = i == 0 ? ops : accountOps;
            }
            at[3] = bytes.length - raw.available();
            return new Pending(account, device, store, opsEntry(bytes, at[0], at[1]), opsEntry(bytes, at[1], at[2]),
                    opsEntry(bytes, at[2], at[3]), freezeOf(accountOps), bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable pending operations", e);
        }
    }

    // --- format ------------------------------------------------------------------------------------

    private interface Writer {
        void write(DataOutputStream out) throws IOException;
    }

    private static byte[] encode(Writer writer) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(FORMAT);
            writer.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static DataInputStream entryInput(byte[] entry) {
        return entryInput(new ByteArrayInputStream(entry));
    }

    private static DataInputStream entryInput(ByteArrayInputStream entry) {
        DataInputStream in = new DataInputStream(entry);
        try {
            int format = in.readByte();
            if (format != FORMAT) {
                throw new IllegalStateException("Redis value of format " + format + ", this riskgate reads " + FORMAT);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return in;
    }
}
