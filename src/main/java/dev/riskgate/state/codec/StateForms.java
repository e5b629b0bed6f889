package dev.riskgate.state.codec;

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
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One form per stored value, the same wherever it is stored: a checkpoint's records and the heap's packed
 * keys, the journal's frames (segment version 4 on), Redis values (format 3 on). Enums are written by name,
 * so a renamed constant fails the read instead of reading back as another. Any change to a layout here
 * changes every file and value written from then on: it needs a new segment version ({@code Journal}),
 * checkpoint version ({@code Checkpoint}) and Redis value format ({@code RedisValues}), and readers of the
 * previous ones. {@code StateFormsLayoutTest} pins the bytes.
 */
public final class StateForms {

    private StateForms() {
    }

    /**
     * Where an account's device count would be, this says an {@link OwnerFreeze} comes first (an account
     * keeps at most {@link dev.riskgate.state.Retention#MAX_DEVICES}); an account never frozen is written as
     * before freezes existed (checkpoint version 3).
     */
    private static final int WITH_FREEZE = 1 << 20;

    public static final Form<AccountState> ACCOUNT = new Form<>() {
        @Override
        public void write(StateOut out, AccountState a) {
            if (a.freeze() != null) {
                out.varLong(WITH_FREEZE);
                writeFreeze(out, a.freeze());
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
        public AccountState read(StateIn in) {
            int n = in.varInt();
            OwnerFreeze freeze = null;
            if (n == WITH_FREEZE) {
                freeze = readFreeze(in);
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

    /** A device's or a store's history. */
    public static final Form<EventLog> LOG = new Form<>() {
        @Override
        public void write(StateOut out, EventLog log) {
            writeEvents(out, log.events());
        }

        @Override
        public EventLog read(StateIn in) {
            return new EventLog(readEvents(in));
        }
    };

    /** A commit's operations on one key. */
    public static final Form<List<HistoryOp>> OPS = new Form<>() {
        @Override
        public void write(StateOut out, List<HistoryOp> ops) {
            out.varLong(ops.size());
            for (HistoryOp op : ops) {
                if (op instanceof HistoryOp.Append a) {
                    out.varLong(1);
                    writeEvent(out, a.event());
                } else if (op instanceof HistoryOp.Restatus r) {
                    out.varLong(2);
                    out.string(r.eventId());
                    out.name(r.status());
                } else if (op instanceof HistoryOp.Freeze f) {
                    out.varLong(3);
                    writeFreeze(out, f.freeze());
                }
            }
        }

        @Override
        public List<HistoryOp> read(StateIn in) {
            int n = in.varInt();
            List<HistoryOp> ops = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                long tag = in.varLong();
                ops.add(switch ((int) tag) {
                    case 1 -> new HistoryOp.Append(readEvent(in));
                    case 2 -> new HistoryOp.Restatus(in.string(), in.name(Status.class));
                    case 3 -> new HistoryOp.Freeze(readFreeze(in));
                    default -> throw new IllegalStateException("unknown history operation tag " + tag);
                });
            }
            return ops;
        }
    };

    /**
     * The first integer of a compact decision record ({@link CompactRecords}, after it). A whole one begins
     * with its event id, a string written first, whose code is always 1 (checkpoint version 2 holds only
     * those), so the two are told apart.
     */
    private static final int COMPACT_RECORD = 64;

    /**
     * A decision record, whole or compact. A compact one leaves its event id out: it is read back from the
     * key the value is stored under ({@link StateIn#keyed}).
     */
    public static final Form<DecisionRecord> RECORD = new Form<>() {
        @Override
        public void write(StateOut out, DecisionRecord r) {
            if (!r.answerKept()) {
                out.varLong(COMPACT_RECORD);
                CompactRecords.write(out, r);
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
            out.varLong(r.feedback().size());
            for (FeedbackOutcome f : r.feedback()) {
                out.name(f);
            }
        }

        @Override
        public DecisionRecord read(StateIn in) {
            if (compactRecordAt(in)) {
                in.varLong();
                return CompactRecords.read(in, in.key());
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
            n = in.varInt();
            List<FeedbackOutcome> feedback = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                feedback.add(in.name(FeedbackOutcome.class));
            }
            return new DecisionRecord(answer, hash, account, device, store, decidedAt, feedback);
        }
    };

    /** Whether {@code in}, where a {@link #RECORD} begins, holds a compact one; reads nothing. */
    public static boolean compactRecordAt(StateIn in) {
        return in.peekVarLong() == COMPACT_RECORD;
    }

    private static void writeFreeze(StateOut out, OwnerFreeze f) {
        out.varLong(f.frozen() ? 1 : 0);
        out.string(f.why());
        out.instant(f.at());
    }

    private static OwnerFreeze readFreeze(StateIn in) {
        return new OwnerFreeze(in.varInt() == 1, in.string(), in.instant());
    }

    private static void writeEvents(StateOut out, List<HistoryEvent> events) {
        out.varLong(events.size());
        for (HistoryEvent e : events) {
            writeEvent(out, e);
        }
    }

    private static List<HistoryEvent> readEvents(StateIn in) {
        int n = in.varInt();
        List<HistoryEvent> events = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            events.add(readEvent(in));
        }
        return events;
    }

    private static void writeEvent(StateOut out, HistoryEvent e) {
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

    private static HistoryEvent readEvent(StateIn in) {
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
        HistoryEvent e = new HistoryEvent(id, type, at, amount, account, device, store, status, (flags & 1) != 0, resale);
        return in.canon() == null ? e : in.canon().event(e);
    }
}
