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
import dev.riskgate.state.OwnerFreeze;
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

    /**
     * Written at the head of every journal segment; a store refuses segments of another version. Version 2
     * added compact records (a commit flag, {@link #writeCompact}), version 3 the owner's freeze (an
     * operation, {@link HistoryOp.Freeze}, and a part of the account); both read earlier segments as they are.
     */
    static final int VERSION = 3;
    /** The oldest segment version this riskgate still reads. */
    static final int OLDEST_READ = 1;

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
            } else if (op instanceof HistoryOp.Freeze f) {
                out.writeByte(3);
                writeFreeze(out, f.freeze());
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
                case 3 -> new HistoryOp.Freeze(readFreeze(in));
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

    /**
     * A {@link DecisionRecord#compact() compact record}, without its event id (the caller's key holds
     * it), in as few bytes as it takes, since one is kept per event for the whole feedback window: a
     * flags byte (verdict, feedback count, whether a store and a hex request hash follow), the feedback
     * outcomes two bits each, the decision second, the request hash (8 bytes when hex), then the account,
     * device and store ids. Verdicts and outcomes are written as fixed codes ({@link #code}), never by
     * ordinal, so reordering an enum cannot change what a stored record reads as.
     */
    public static void writeCompact(DataOutput out, DecisionRecord r) throws IOException {
        if (r.answerKept()) {
            throw new IllegalArgumentException("only a compact record is written compact: call compact() first");
        }
        List<FeedbackOutcome> feedback = r.feedback();
        if (feedback.size() > 4) {
            throw new IllegalArgumentException("a record holds each of the 4 outcomes at most once, had " + feedback);
        }
        boolean hexHash = lowerHex(r.requestHash(), DecisionRecord.COMPACT_HASH_CHARS);
        out.writeByte(code(r.answer().decision()) | feedback.size() << 2 | (r.storeId() != null ? 0x20 : 0)
                | (hexHash ? 0x40 : 0));
        if (!feedback.isEmpty()) {
            int codes = 0;
            for (int i = 0; i < feedback.size(); i++) {
                codes |= code(feedback.get(i)) << (2 * i);
            }
            out.writeByte(codes);
        }
        out.writeInt((int) r.decidedAt().getEpochSecond());
        if (hexHash) {
            out.writeLong(Long.parseUnsignedLong(r.requestHash(), 16));
        } else {
            out.writeUTF(r.requestHash());
        }
        writeShort(out, r.accountId());
        writeShort(out, r.deviceId());
        if (r.storeId() != null) {
            writeShort(out, r.storeId());
        }
    }

    public static DecisionRecord readCompact(DataInput in, String eventId, Canon canon) throws IOException {
        int flags = in.readUnsignedByte();
        Verdict verdict = verdict(flags & 3);
        int n = (flags >>> 2) & 7;
        List<FeedbackOutcome> feedback = new ArrayList<>(n);
        int codes = n == 0 ? 0 : in.readUnsignedByte();
        for (int i = 0; i < n; i++) {
            feedback.add(outcome((codes >>> (2 * i)) & 3));
        }
        Instant decidedAt = Instant.ofEpochSecond(Integer.toUnsignedLong(in.readInt()));
        String hash = (flags & 0x40) != 0 ? String.format("%016x", in.readLong()) : in.readUTF();
        String account = canon.string(readShort(in));
        String device = canon.string(readShort(in));
        String store = (flags & 0x20) != 0 ? canon.string(readShort(in)) : null;
        return new DecisionRecord(new Decision(eventId, verdict, 0, List.of(), ""), hash, account, device, store,
                decidedAt, feedback, false);
    }

    /**
     * Whether {@code s} is {@code length} lowercase hex digits, as {@code RequestHash} writes them (then it
     * is stored as bytes, half the size; anything else as text).
     */
    public static boolean lowerHex(String s, int length) {
        if (s.length() != length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            char c = s.charAt(i);
            if ((c < '0' || c > '9') && (c < 'a' || c > 'f')) {
                return false;
            }
        }
        return true;
    }

    /** An id up to 254 UTF-8 bytes after a one-byte length (ids are at most 128 characters); longer, after 255. */
    private static void writeShort(DataOutput out, String s) throws IOException {
        byte[] utf8 = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        // A lone surrogate (valid in a JSON string) does not survive UTF-8: such an id takes writeUTF's form.
        if (utf8.length < 255 && s.equals(new String(utf8, java.nio.charset.StandardCharsets.UTF_8))) {
            out.writeByte(utf8.length);
            out.write(utf8);
        } else {
            out.writeByte(255);
            out.writeUTF(s);
        }
    }

    private static String readShort(DataInput in) throws IOException {
        int n = in.readUnsignedByte();
        if (n == 255) {
            return in.readUTF();
        }
        byte[] utf8 = new byte[n];
        in.readFully(utf8);
        return new String(utf8, java.nio.charset.StandardCharsets.UTF_8);
    }

    private static int code(Verdict v) {
        return switch (v) {
            case ALLOW -> 0;
            case STEP_UP -> 1;
            case BLOCK -> 2;
        };
    }

    private static Verdict verdict(int code) throws IOException {
        return switch (code) {
            case 0 -> Verdict.ALLOW;
            case 1 -> Verdict.STEP_UP;
            case 2 -> Verdict.BLOCK;
            default -> throw new IOException("unknown verdict code " + code);
        };
    }

    private static int code(FeedbackOutcome f) {
        return switch (f) {
            case STEP_UP_PASSED -> 0;
            case STEP_UP_FAILED -> 1;
            case FRAUD -> 2;
            case LEGIT -> 3;
        };
    }

    private static FeedbackOutcome outcome(int code) {
        return switch (code) {
            case 0 -> FeedbackOutcome.STEP_UP_PASSED;
            case 1 -> FeedbackOutcome.STEP_UP_FAILED;
            case 2 -> FeedbackOutcome.FRAUD;
            default -> FeedbackOutcome.LEGIT;
        };
    }

    /**
     * Where an account's device count would be, this says an {@link OwnerFreeze} comes first (an account
     * keeps at most {@link dev.riskgate.state.Retention#MAX_DEVICES} devices, so no count is ever this):
     * an account never frozen is written as before it existed, and those read as they are.
     */
    private static final int WITH_FREEZE = 0xFFFF;

    public static void writeAccount(DataOutput out, AccountState a) throws IOException {
        if (a.freeze() != null) {
            out.writeShort(WITH_FREEZE);
            writeFreeze(out, a.freeze());
        }
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
        OwnerFreeze freeze = null;
        if (n == WITH_FREEZE) {
            freeze = readFreeze(in);
            n = in.readUnsignedShort();
        }
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
        return new AccountState(devices, events, stores, amounts, freeze);
    }

    private static void writeFreeze(DataOutput out, OwnerFreeze f) throws IOException {
        out.writeBoolean(f.frozen());
        out.writeUTF(f.why());
        writeInstant(out, f.at());
    }

    private static OwnerFreeze readFreeze(DataInput in) throws IOException {
        return new OwnerFreeze(in.readBoolean(), in.readUTF(), readInstant(in));
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
