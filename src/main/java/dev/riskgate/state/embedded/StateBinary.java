package dev.riskgate.state.embedded;

import dev.riskgate.decision.Decision;
import dev.riskgate.decision.FeedbackOutcome;
import dev.riskgate.decision.Reason;
import dev.riskgate.decision.Verdict;
import dev.riskgate.event.EventType;
import dev.riskgate.state.AccountState;
import dev.riskgate.state.DecisionRecord;
import dev.riskgate.state.EventLog;
import dev.riskgate.state.HistoryEvent;
import dev.riskgate.state.HistoryOp;
import dev.riskgate.state.KnownDevice;
import dev.riskgate.state.Resale;
import dev.riskgate.state.SettledAmount;
import dev.riskgate.state.Status;
import dev.riskgate.state.StoreVisit;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The compact binary form of commits in the journal (and of state in version 1 checkpoints), and of the
 * values the Redis store keeps (public for it). Hand-written rather than Jackson:
 * decoding and re-encoding JSON was a quarter of the CPU per decision. Enums are written by name, so a
 * renamed constant fails the read loudly instead of reading back as something else; any change to a
 * layout here needs a new {@link #VERSION}.
 */
public final class StateBinary {

    /** Written at the head of every journal segment; a store refuses segments of another version. */
    static final int VERSION = 1;

    private StateBinary() {
    }

    /**
     * Shares what a recovery reads many times: one event sits in its account's, device's and store's
     * history, and ids repeat in every event. In the running store those are one object; without this a
     * restart would decode each copy separately and need about twice the heap.
     */
    public static final class Canon {
        private final java.util.HashMap<String, String> strings = new java.util.HashMap<>();
        private final java.util.HashMap<String, HistoryEvent> events = new java.util.HashMap<>();

        String string(String s) {
            String known = strings.putIfAbsent(s, s);
            return known == null ? s : known;
        }

        HistoryEvent event(HistoryEvent e) {
            HistoryEvent known = events.get(e.eventId());
            if (e.equals(known)) {
                return known;
            }
            events.put(e.eventId(), e);
            return e;
        }
    }

    public static void writeOps(DataOutput out, List<HistoryOp> ops) throws IOException {
        out.writeShort(ops.size());
        for (HistoryOp op : ops) {
            if (op instanceof HistoryOp.Append a) {
                out.writeByte(1);
                writeEvent(out, a.event());
            } else if (op instanceof HistoryOp.Restatus r) {
                out.writeByte(2);
                out.writeUTF(r.eventId());
                out.writeUTF(r.status().name());
            }
        }
    }

    public static List<HistoryOp> readOps(DataInput in, Canon canon) throws IOException {
        int n = in.readUnsignedShort();
        List<HistoryOp> ops = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int tag = in.readByte();
            ops.add(switch (tag) {
                case 1 -> new HistoryOp.Append(readEvent(in, canon));
                case 2 -> new HistoryOp.Restatus(canon.string(in.readUTF()), Status.valueOf(in.readUTF()));
                default -> throw new IOException("unknown history operation tag " + tag);
            });
        }
        return ops;
    }

    static void writeEvent(DataOutput out, HistoryEvent e) throws IOException {
        out.writeUTF(e.eventId());
        out.writeUTF(e.type().name());
        writeInstant(out, e.at());
        out.writeDouble(e.amount());
        out.writeUTF(e.accountId());
        out.writeUTF(e.deviceId());
        writeNullable(out, e.storeId());
        out.writeUTF(e.status().name());
        out.writeBoolean(e.newDevice());
        out.writeShort(e.resale().size());
        for (Resale r : e.resale()) {
            out.writeUTF(r.group());
            out.writeDouble(r.units());
            out.writeDouble(r.amount());
        }
    }

    static HistoryEvent readEvent(DataInput in, Canon canon) throws IOException {
        String id = canon.string(in.readUTF());
        EventType type = EventType.valueOf(in.readUTF());
        Instant at = readInstant(in);
        double amount = in.readDouble();
        String account = canon.string(in.readUTF());
        String device = canon.string(in.readUTF());
        String store = readNullable(in, canon);
        Status status = Status.valueOf(in.readUTF());
        boolean newDevice = in.readBoolean();
        int n = in.readUnsignedShort();
        List<Resale> resale = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            resale.add(new Resale(canon.string(in.readUTF()), in.readDouble(), in.readDouble()));
        }
        return canon.event(new HistoryEvent(id, type, at, amount, account, device, store, status, newDevice, resale));
    }

    public static void writeRecord(DataOutput out, DecisionRecord r) throws IOException {
        Decision d = r.answer();
        out.writeUTF(d.eventId());
        out.writeUTF(d.decision().name());
        out.writeByte(d.score());
        out.writeShort(d.reasons().size());
        for (Reason reason : d.reasons()) {
            out.writeUTF(reason.rule());
            out.writeInt(reason.points());
            out.writeUTF(reason.message());
        }
        out.writeUTF(d.rulesVersion());
        out.writeUTF(r.requestHash());
        out.writeUTF(r.accountId());
        out.writeUTF(r.deviceId());
        writeNullable(out, r.storeId());
        writeInstant(out, r.decidedAt());
        out.writeByte(r.feedback().size());
        for (FeedbackOutcome f : r.feedback()) {
            out.writeUTF(f.name());
        }
    }

    public static DecisionRecord readRecord(DataInput in, Canon canon) throws IOException {
        String eventId = canon.string(in.readUTF());
        Verdict verdict = Verdict.valueOf(in.readUTF());
        int score = in.readUnsignedByte();
        int n = in.readUnsignedShort();
        List<Reason> reasons = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            reasons.add(new Reason(canon.string(in.readUTF()), in.readInt(), in.readUTF()));
        }
        Decision answer = new Decision(eventId, verdict, score, reasons, canon.string(in.readUTF()));
        String hash = in.readUTF();
        String account = canon.string(in.readUTF());
        String device = canon.string(in.readUTF());
        String store = readNullable(in, canon);
        Instant decidedAt = readInstant(in);
        int f = in.readUnsignedByte();
        List<FeedbackOutcome> feedback = new ArrayList<>(f);
        for (int i = 0; i < f; i++) {
            feedback.add(FeedbackOutcome.valueOf(in.readUTF()));
        }
        return new DecisionRecord(answer, hash, account, device, store, decidedAt, feedback);
    }

    public static void writeAccount(DataOutput out, AccountState a) throws IOException {
        out.writeShort(a.devices().size());
        for (KnownDevice d : a.devices()) {
            out.writeUTF(d.deviceId());
            writeInstant(out, d.firstSeen());
            writeInstant(out, d.lastSeen());
            out.writeBoolean(d.trusted());
            if (d.trusted()) {
                writeInstant(out, d.trustedAt());
            }
        }
        writeLog(out, new EventLog(a.events()));
        out.writeShort(a.stores().size());
        for (StoreVisit v : a.stores()) {
            out.writeUTF(v.storeId());
            out.writeInt(v.visits());
            writeInstant(out, v.firstVisit());
            writeInstant(out, v.lastVisit());
        }
        out.writeShort(a.amounts().size());
        for (SettledAmount s : a.amounts()) {
            out.writeUTF(s.eventId());
            out.writeUTF(s.type().name());
            writeInstant(out, s.at());
            out.writeDouble(s.amount());
        }
    }

    public static AccountState readAccount(DataInput in, Canon canon) throws IOException {
        int n = in.readUnsignedShort();
        List<KnownDevice> devices = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String id = canon.string(in.readUTF());
            Instant first = readInstant(in);
            Instant last = readInstant(in);
            devices.add(new KnownDevice(id, first, last, in.readBoolean() ? readInstant(in) : null));
        }
        List<HistoryEvent> events = readLog(in, canon).events();
        n = in.readUnsignedShort();
        List<StoreVisit> stores = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            stores.add(new StoreVisit(canon.string(in.readUTF()), in.readInt(), readInstant(in), readInstant(in)));
        }
        n = in.readUnsignedShort();
        List<SettledAmount> amounts = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            amounts.add(new SettledAmount(canon.string(in.readUTF()), EventType.valueOf(in.readUTF()), readInstant(in),
                    in.readDouble()));
        }
        return new AccountState(devices, events, stores, amounts);
    }

    public static void writeLog(DataOutput out, EventLog log) throws IOException {
        out.writeShort(log.events().size());
        for (HistoryEvent e : log.events()) {
            writeEvent(out, e);
        }
    }

    public static EventLog readLog(DataInput in, Canon canon) throws IOException {
        int n = in.readUnsignedShort();
        List<HistoryEvent> events = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            events.add(readEvent(in, canon));
        }
        return new EventLog(events);
    }

    private static void writeInstant(DataOutput out, Instant t) throws IOException {
        out.writeLong(t.getEpochSecond());
        out.writeInt(t.getNano());
    }

    private static Instant readInstant(DataInput in) throws IOException {
        return Instant.ofEpochSecond(in.readLong(), in.readInt());
    }

    static void writeNullable(DataOutput out, String s) throws IOException {
        out.writeBoolean(s != null);
        if (s != null) {
            out.writeUTF(s);
        }
    }

    static String readNullable(DataInput in, Canon canon) throws IOException {
        return in.readBoolean() ? canon.string(in.readUTF()) : null;
    }
}
