package dev.riskgate.state.embedded;

import dev.riskgate.state.Commit;
import dev.riskgate.state.DecisionRecord;
import dev.riskgate.state.HistoryOp;
import dev.riskgate.state.OutboxEntry;
import dev.riskgate.state.StateKeys;
import dev.riskgate.state.codec.Canon;
import dev.riskgate.state.codec.CompactRecords;
import dev.riskgate.state.codec.EarlierLayout;
import dev.riskgate.state.codec.Form;
import dev.riskgate.state.codec.StateForms;
import dev.riskgate.state.codec.StateIn;
import dev.riskgate.state.codec.StateOut;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * A commit as the body of a journal frame ({@link Journal}): its time, keys, flags, record, each key's
 * operations and the decision's alerts. How the fields are written depends on the segment's version:
 * version 4 on, in {@link StateForms} (as the checkpoint and Redis); 1 to 3, in {@link EarlierLayout}, which
 * is only read. Version 2 added {@link #COMPACT_RECORD} and {@link #HAS_ALERTS}, version 3 the freeze
 * operation; each reads the earlier ones as they are.
 */
final class JournalFrames {

    /** Written at the head of every new segment; a store refuses segments of a version it does not read. */
    static final int VERSION = 4;
    /** The oldest segment version this riskgate still reads. */
    static final int OLDEST_READ = 1;

    private static final int HAS_RECORD = 1;
    private static final int DEVICE_AS_ACCOUNT = 2;
    private static final int STORE_AS_ACCOUNT = 4;
    /** The record is a compact one (feedback past the idempotency window); segment version 2 on. */
    private static final int COMPACT_RECORD = 8;
    /** The decision's alerts follow the operations (for the outbox); segment version 2 on. */
    private static final int HAS_ALERTS = 16;

    private JournalFrames() {
    }

    /** A commit read back from a journal frame, with the wall-clock time it was written. */
    record Decoded(Commit commit, long at) {
    }

    static boolean reads(int version) {
        return version >= OLDEST_READ && version <= VERSION;
    }

    /** A frame for {@code c} written at {@code now} (epoch ms), {@link Journal#HEADER} bytes reserved in front. */
    static byte[] encode(Commit c, long now) {
        StateOut out = new StateOut(512);
        out.raw(new byte[Journal.HEADER], Journal.HEADER);
        out.varLong(now);
        out.base(Math.floorDiv(now, 1000));
        StateKeys k = c.keys();
        out.string(k.eventId());
        out.string(k.accountId());
        out.string(k.deviceId());
        out.string(k.storeId());
        boolean compact = c.record() != null && !c.record().answerKept();
        int flags = (c.record() != null ? HAS_RECORD : 0)
                | (c.device().equals(c.account()) ? DEVICE_AS_ACCOUNT : 0)
                | (c.store().equals(c.account()) ? STORE_AS_ACCOUNT : 0)
                | (compact ? COMPACT_RECORD : 0)
                | (c.alerts().isEmpty() ? 0 : HAS_ALERTS);
        out.varLong(flags);
        if (compact) {
            CompactRecords.write(out, c.record());
        } else if (c.record() != null) {
            StateForms.RECORD.write(out, c.record());
        }
        StateForms.OPS.write(out, c.account());
        if ((flags & DEVICE_AS_ACCOUNT) == 0) {
            StateForms.OPS.write(out, c.device());
        }
        if ((flags & STORE_AS_ACCOUNT) == 0) {
            StateForms.OPS.write(out, c.store());
        }
        if ((flags & HAS_ALERTS) != 0) {
            out.varLong(c.alerts().size());
            for (OutboxEntry a : c.alerts()) {
                out.string(a.alertId());
                out.string(a.eventId());
                out.text(a.data());
            }
        }
        return out.toBytes();
    }

    /** The commit in {@code frame} (header first) of a segment of {@code version}. */
    static Decoded decode(int version, ByteBuffer frame, Canon canon) {
        StateIn in = body(frame).sharing(canon);
        if (version < 4) {
            return decodeEarlier(in);
        }
        long at = in.varLong();
        in.base(Math.floorDiv(at, 1000));
        StateKeys keys = new StateKeys(in.string(), in.string(), in.string(), in.string());
        int flags = in.varInt();
        DecisionRecord record = (flags & HAS_RECORD) == 0 ? null
                : (flags & COMPACT_RECORD) != 0 ? CompactRecords.read(in, keys.eventId())
                : StateForms.RECORD.read(in);
        List<HistoryOp> account = StateForms.OPS.read(in);
        List<HistoryOp> device = (flags & DEVICE_AS_ACCOUNT) != 0 ? account : StateForms.OPS.read(in);
        List<HistoryOp> store = (flags & STORE_AS_ACCOUNT) != 0 ? account : StateForms.OPS.read(in);
        List<OutboxEntry> alerts = new ArrayList<>();
        if ((flags & HAS_ALERTS) != 0) {
            for (int n = in.varInt(); n > 0; n--) {
                alerts.add(new OutboxEntry(in.string(), in.string(), in.text()));
            }
        }
        return whole(in, new Decoded(new Commit(keys, null, record, account, device, store, alerts), at));
    }

    /** Versions 1 to 3: {@link EarlierLayout}, with times in full and every string written out. */
    private static Decoded decodeEarlier(StateIn in) {
        long at = in.int64();
        StateKeys keys = new StateKeys(in.utf(), in.utf(), in.utf(), in.nullableUtf());
        int flags = in.u8();
        DecisionRecord record = (flags & HAS_RECORD) == 0 ? null
                : (flags & COMPACT_RECORD) != 0 ? CompactRecords.read(in, keys.eventId())
                : EarlierLayout.RECORD.read(in);
        Form<List<HistoryOp>> ops = EarlierLayout.OPS;
        List<HistoryOp> account = ops.read(in);
        List<HistoryOp> device = (flags & DEVICE_AS_ACCOUNT) != 0 ? account : ops.read(in);
        List<HistoryOp> store = (flags & STORE_AS_ACCOUNT) != 0 ? account : ops.read(in);
        List<OutboxEntry> alerts = (flags & HAS_ALERTS) != 0 ? EarlierLayout.ALERTS.read(in) : List.of();
        return whole(in, new Decoded(new Commit(keys, null, record, account, device, store, alerts), at));
    }

    private static Decoded whole(StateIn in, Decoded decoded) {
        if (!in.atEnd()) {
            throw new IllegalStateException("a journal frame has bytes past its commit");
        }
        return decoded;
    }

    /** Only the event id of a frame's commit: it comes first, so a frame damaged further on still names it. */
    static String eventId(int version, ByteBuffer frame) {
        StateIn in = body(frame);
        if (version < 4) {
            in.int64();
            return in.utf();
        }
        in.varLong();
        return in.string();
    }

    private static StateIn body(ByteBuffer frame) {
        int from = frame.arrayOffset() + frame.position();
        return new StateIn(frame.array(), from + Journal.HEADER, from + frame.remaining());
    }
}
