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
import dev.riskgate.state.KnownDevice;
import dev.riskgate.state.OwnerFreeze;
import dev.riskgate.state.Resale;
import dev.riskgate.state.SettledAmount;
import dev.riskgate.state.Status;
import dev.riskgate.state.StoreVisit;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The packed form of one key and its folded value, a record: {@code [key][lsn][last write, ms][value]},
 * written by {@link PackedOut}. A key not used for a while is held in the heap in this form (an account with one
 * event takes about 100 bytes instead of about 500 as objects), and a checkpoint is these bytes, so a
 * restart loads them without decoding. Enums are written by name, so a renamed constant fails the read
 * instead of reading back as another; a change to a layout here needs a new {@link Checkpoint} version.
 */
final class Packed {

    /** How one kind of value is packed. */
    interface Form<T> {
        void write(PackedOut out, T value);

        T read(PackedIn in);
    }

    /**
     * Where an account's device count would be, this says an {@link OwnerFreeze} comes first (an account
     * keeps at most {@link dev.riskgate.state.Retention#MAX_DEVICES}); checkpoint version 4 on, and an
     * account never frozen is packed as in version 3.
     */
    private static final int WITH_FREEZE = 1 << 20;

    static final Form<AccountState> ACCOUNT = new Form<>() {
        @Override
        public void write(PackedOut out, AccountState a) {
            if (a.freeze() != null) {
                out.varLong(WITH_FREEZE);
                out.varLong(a.freeze().frozen() ? 1 : 0);
                out.string(a.freeze().why());
                out.instant(a.freeze().at());
            }
            out.varLong(a.devices().size());
            for (KnownDevice d : a.devices()) {
                out.string(d.deviceId());
                out.instant(d.firstSeen());
                out.instant(d.lastSeen());
                out.nullableInstant(d.trustedAt());
            }
            writeEvents(out, a.events());
            out.varLong(a.stores().size());
            for (StoreVisit v : a.stores()) {
                out.string(v.storeId());
                out.varLong(v.visits());
                out.instant(v.firstVisit());
                out.instant(v.lastVisit());
            }
            out.varLong(a.amounts().size());
            for (SettledAmount s : a.amounts()) {
                out.string(s.eventId());
                out.name(s.type());
                out.instant(s.at());
                out.decimal(s.amount());
            }
        }

        @Override
        public AccountState read(PackedIn in) {
            int n = in.varInt();
            OwnerFreeze freeze = null;
            if (n == WITH_FREEZE) {
                freeze = new OwnerFreeze(in.varInt() == 1, in.string(), in.instant());
                n = in.varInt();
            }
            List<KnownDevice> devices = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                devices.add(new KnownDevice(in.string(), in.instant(), in.instant(), in.nullableInstant()));
            }
            List<HistoryEvent> events = readEvents(in);
            n = in.varInt();
            List<StoreVisit> stores = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                stores.add(new StoreVisit(in.string(), in.varInt(), in.instant(), in.instant()));
            }
            n = in.varInt();
            List<SettledAmount> amounts = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                amounts.add(new SettledAmount(in.string(), in.name(EventType.class), in.instant(), in.decimal()));
            }
            return new AccountState(devices, events, stores, amounts, freeze);
        }
    };

    static final Form<EventLog> LOG = new Form<>() {
        @Override
        public void write(PackedOut out, EventLog log) {
            writeEvents(out, log.events());
        }

        @Override
        public EventLog read(PackedIn in) {
            return new EventLog(readEvents(in));
        }
    };

    /**
     * The first integer of a compact decision record's value. A whole one begins with its event id, a
     * string written first, whose code is always 1 (checkpoint version 2 holds only those), so the two
     * are told apart and version 2 records read as they are.
     */
    private static final int COMPACT_RECORD = 64;

    static final Form<DecisionRecord> RECORD = new Form<>() {
        @Override
        public void write(PackedOut out, DecisionRecord r) {
            if (!r.answerKept()) {
                // The same bytes as everywhere a compact record is kept (StateBinary); the event id is the key.
                out.varLong(COMPACT_RECORD);
                java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream(64);
                try (java.io.DataOutputStream data = new java.io.DataOutputStream(bytes)) {
                    StateBinary.writeCompact(data, r);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                out.raw(bytes.toByteArray(), bytes.size());
                return;
            }
            Decision d = r.answer();
            out.string(d.eventId());
            out.name(d.decision());
            out.varLong(d.score());
            out.varLong(d.reasons().size());
            for (Reason reason : d.reasons()) {
                out.string(reason.rule());
                out.signedVarLong(reason.points());
                out.string(reason.message());
            }
            out.string(d.rulesVersion());
            out.string(r.requestHash());
            out.string(r.accountId());
            out.string(r.deviceId());
            out.string(r.storeId());
            out.instant(r.decidedAt());
            writeFeedback(out, r.feedback());
        }

        @Override
        public DecisionRecord read(PackedIn in) {
            if (in.peekVarLong() == COMPACT_RECORD) {
                in.varLong();
                try {
                    return StateBinary.readCompact(new java.io.DataInputStream(new java.io.ByteArrayInputStream(in.rest())),
                            in.recordKey(), new StateBinary.Canon());
                } catch (java.io.IOException e) {
                    throw new IllegalStateException("packed value: unreadable compact record", e);
                }
            }
            String eventId = in.string();
            Verdict verdict = in.name(Verdict.class);
            int score = in.varInt();
            int n = in.varInt();
            List<Reason> reasons = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                reasons.add(new Reason(in.string(), Math.toIntExact(in.signedVarLong()), in.string()));
            }
            Decision answer = new Decision(eventId, verdict, score, reasons, in.string());
            String hash = in.string();
            String account = in.string();
            String device = in.string();
            String store = in.string();
            Instant decidedAt = in.instant();
            return new DecisionRecord(answer, hash, account, device, store, decidedAt, readFeedback(in));
        }
    };

    private static void writeFeedback(PackedOut out, List<FeedbackOutcome> feedback) {
        out.varLong(feedback.size());
        for (FeedbackOutcome f : feedback) {
            out.name(f);
        }
    }

    private static List<FeedbackOutcome> readFeedback(PackedIn in) {
        int n = in.varInt();
        List<FeedbackOutcome> feedback = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            feedback.add(in.name(FeedbackOutcome.class));
        }
        return feedback;
    }

    /** Whether a record (not a reference) of {@link #RECORD} holds a compact decision record, without decoding it. */
    static boolean compactRecord(byte[] record) {
        PackedIn in = new PackedIn(record);
        in.skipText();
        in.varLong();
        in.varLong();
        return in.peekVarLong() == COMPACT_RECORD;
    }

    private Packed() {
    }

    /** A record: {@code [key][lsn][last write, ms][value]}. */
    static <T> byte[] pack(Form<T> form, String key, T value, long lsn, long touched) {
        if (lsn < 1) {
            throw new IllegalArgumentException("a record's lsn must be at least 1 (0 marks a reference), was " + lsn);
        }
        PackedOut out = new PackedOut();
        out.text(key);
        out.varLong(lsn);
        out.varLong(touched);
        out.base(Math.floorDiv(touched, 1000));
        form.write(out, value);
        return out.toBytes();
    }

    /** Where a record sits in a checkpoint file: its generation (the segment it covers up to), offset, length. */
    record Place(long generation, long offset, int length) {
    }

    /**
     * A reference to a record (or where a reference points now) in a checkpoint file:
     * {@code [key][0][lsn][last write, ms][place]}. An
     * idle key costs this much of the heap (about 45 bytes) and is read from the file when it is used.
     * A commit's lsn is never 0, which tells the two kinds apart.
     */
    static byte[] reference(byte[] record, int length, Place place) {
        PackedIn in = new PackedIn(record, length);
        in.skipText();
        int keyLength = in.position();
        long lsn = in.varLong();
        if (lsn == 0) { // a reference moving to a newer checkpoint
            lsn = in.varLong();
        }
        long touched = in.varLong();
        PackedOut out = new PackedOut(keyLength + 32);
        out.raw(record, keyLength);
        out.varLong(0);
        out.varLong(lsn);
        out.varLong(touched);
        out.varLong(place.generation());
        out.varLong(place.offset());
        out.varLong(place.length());
        return out.toBytes();
    }

    /** The place a reference points at, or null for a record that holds its value. */
    static Place place(byte[] record) {
        PackedIn in = new PackedIn(record);
        in.skipText();
        if (in.varLong() != 0) {
            return null;
        }
        in.varLong();
        in.varLong();
        return new Place(in.varLong(), in.varLong(), in.varInt());
    }

    static <T> HeapTable.Entry<T> unpack(Form<T> form, byte[] record) {
        PackedIn in = new PackedIn(record);
        in.skipText();
        long lsn = in.varLong();
        if (lsn == 0) {
            throw new IllegalStateException("a reference must be read from its checkpoint before it is unpacked");
        }
        long touched = in.varLong();
        in.base(Math.floorDiv(touched, 1000));
        T value = form.read(in);
        if (!in.atEnd()) {
            throw new IllegalStateException("packed value has bytes past its end");
        }
        return new HeapTable.Entry<>(value, lsn, touched);
    }

    static String key(byte[] record) {
        return new PackedIn(record).text();
    }

    /** How many bytes of the record its key takes. */
    static int keyLength(byte[] record) {
        PackedIn in = new PackedIn(record);
        in.skipText();
        return in.position();
    }

    static long lsn(byte[] record) {
        PackedIn in = new PackedIn(record);
        in.skipText();
        long lsn = in.varLong();
        return lsn == 0 ? in.varLong() : lsn;
    }

    static long touched(byte[] record) {
        PackedIn in = new PackedIn(record);
        in.skipText();
        if (in.varLong() == 0) {
            in.varLong();
        }
        return in.varLong();
    }

    private static void writeEvents(PackedOut out, List<HistoryEvent> events) {
        out.varLong(events.size());
        for (HistoryEvent e : events) {
            out.string(e.eventId());
            out.name(e.type());
            out.instant(e.at());
            out.decimal(e.amount());
            out.string(e.accountId());
            out.string(e.deviceId());
            out.string(e.storeId());
            out.name(e.status());
            out.varLong(((long) e.resale().size() << 1) | (e.newDevice() ? 1 : 0));
            for (Resale r : e.resale()) {
                out.string(r.group());
                out.decimal(r.units());
                out.decimal(r.amount());
            }
        }
    }

    private static List<HistoryEvent> readEvents(PackedIn in) {
        int n = in.varInt();
        List<HistoryEvent> events = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String id = in.string();
            EventType type = in.name(EventType.class);
            Instant at = in.instant();
            double amount = in.decimal();
            String account = in.string();
            String device = in.string();
            String store = in.string();
            Status status = in.name(Status.class);
            long flags = in.varLong();
            int resaleCount = Math.toIntExact(flags >>> 1);
            List<Resale> resale = new ArrayList<>(resaleCount);
            for (int k = 0; k < resaleCount; k++) {
                resale.add(new Resale(in.string(), in.decimal(), in.decimal()));
            }
            events.add(new HistoryEvent(id, type, at, amount, account, device, store, status, (flags & 1) != 0, resale));
        }
        return events;
    }
}
