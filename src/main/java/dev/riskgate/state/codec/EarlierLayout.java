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
import dev.riskgate.state.OutboxEntry;
import dev.riskgate.state.OwnerFreeze;
import dev.riskgate.state.Resale;
import dev.riskgate.state.SettledAmount;
import dev.riskgate.state.Status;
import dev.riskgate.state.StoreVisit;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The layout riskgate wrote before {@link StateForms} served every store (it was {@code StateBinary}):
 * fixed-width fields as {@link java.io.DataOutput} writes them, every string in full. Still read in journal
 * segments of versions 1 to 3 and Redis values of format 1; still written to Redis (format 1), because
 * instances of the release before this one share that Redis during a rolling deploy and read only format
 * 1. Once every instance reads format 3, Redis writes {@link StateForms} and only the readers here stay.
 * Compact records are {@link CompactRecords} in both layouts.
 */
public final class EarlierLayout {

    private EarlierLayout() {
    }

    /**
     * A commit's alerts: a count, then each alert's id, event id and data (its UTF-8 length first). Read in
     * journal segments 1 to 3; the Redis outbox still writes it behind its format byte.
     */
    public static final Form<List<OutboxEntry>> ALERTS = new Form<>() {
        @Override
        public void write(StateOut out, List<OutboxEntry> alerts) {
            out.int32(alerts.size());
            for (OutboxEntry a : alerts) {
                out.utf(a.alertId());
                out.utf(a.eventId());
                byte[] data = a.data().getBytes(java.nio.charset.StandardCharsets.UTF_8);
                out.int32(data.length);
                out.raw(data, data.length);
            }
        }

        @Override
        public List<OutboxEntry> read(StateIn in) {
            List<OutboxEntry> alerts = new ArrayList<>();
            for (int n = in.int32(); n > 0; n--) {
                String alertId = in.utf();
                String eventId = in.utf();
                alerts.add(new OutboxEntry(alertId, eventId,
                        new String(in.bytes(in.int32()), java.nio.charset.StandardCharsets.UTF_8)));
            }
            return alerts;
        }
    };

    public static final Form<List<HistoryOp>> OPS = new Form<>() {
        @Override
        public void write(StateOut out, List<HistoryOp> ops) {
            out.u16(ops.size());
            for (HistoryOp op : ops) {
                if (op instanceof HistoryOp.Append a) {
                    out.u8(1);
                    writeEvent(out, a.event());
                } else if (op instanceof HistoryOp.Restatus r) {
                    out.u8(2);
                    out.utf(r.eventId());
                    out.utf(r.status().name());
                } else if (op instanceof HistoryOp.Freeze f) {
                    out.u8(3);
                    writeFreeze(out, f.freeze());
                }
            }
        }

        @Override
        public List<HistoryOp> read(StateIn in) {
            int n = in.u16();
            List<HistoryOp> ops = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                int tag = in.u8();
                ops.add(switch (tag) {
                    case 1 -> new HistoryOp.Append(readEvent(in));
                    case 2 -> new HistoryOp.Restatus(in.utf(), Status.valueOf(in.utf()));
                    case 3 -> new HistoryOp.Freeze(readFreeze(in));
                    default -> throw new IllegalStateException("unknown history operation tag " + tag);
                });
            }
            return ops;
        }
    };

    /** A whole decision record (a compact one is {@link CompactRecords} here too). */
    public static final Form<DecisionRecord> RECORD = new Form<>() {
        @Override
        public void write(StateOut out, DecisionRecord r) {
            Decision d = r.answer();
            out.utf(d.eventId());
            out.utf(d.decision().name());
            out.u8(d.score());
            out.u16(d.reasons().size());
            for (Reason reason : d.reasons()) {
                out.utf(reason.rule());
                out.int32(reason.points());
                out.utf(reason.message());
            }
            out.utf(d.rulesVersion());
            out.utf(r.requestHash());
            out.utf(r.accountId());
            out.utf(r.deviceId());
            out.nullableUtf(r.storeId());
            writeInstant(out, r.decidedAt());
            out.u8(r.feedback().size());
            for (FeedbackOutcome f : r.feedback()) {
                out.utf(f.name());
            }
        }

        @Override
        public DecisionRecord read(StateIn in) {
            String eventId = in.utf();
            Verdict verdict = Verdict.valueOf(in.utf());
            int score = in.u8();
            int n = in.u16();
            List<Reason> reasons = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                reasons.add(new Reason(in.utf(), in.int32(), in.utf()));
            }
            Decision answer = new Decision(eventId, verdict, score, reasons, in.utf());
            String hash = in.utf();
            String account = in.utf();
            String device = in.utf();
            String store = in.nullableUtf();
            Instant decidedAt = readInstant(in);
            int f = in.u8();
            List<FeedbackOutcome> feedback = new ArrayList<>(f);
            for (int i = 0; i < f; i++) {
                feedback.add(FeedbackOutcome.valueOf(in.utf()));
            }
            return new DecisionRecord(answer, hash, account, device, store, decidedAt, feedback);
        }
    };

    /**
     * Where an account's device count would be, this says an {@link OwnerFreeze} comes first (an account
     * keeps at most {@link dev.riskgate.state.Retention#MAX_DEVICES} devices, so no count is ever this).
     */
    private static final int WITH_FREEZE = 0xFFFF;

    public static final Form<AccountState> ACCOUNT = new Form<>() {
        @Override
        public void write(StateOut out, AccountState a) {
            if (a.freeze() != null) {
                out.u16(WITH_FREEZE);
                writeFreeze(out, a.freeze());
            }
            out.u16(a.devices().size());
            for (KnownDevice d : a.devices()) {
                out.utf(d.deviceId());
                writeInstant(out, d.firstSeen());
                writeInstant(out, d.lastSeen());
                out.bool(d.trusted());
                if (d.trusted()) {
                    writeInstant(out, d.trustedAt());
                }
            }
            LOG.write(out, new EventLog(a.events()));
            out.u16(a.stores().size());
            for (StoreVisit v : a.stores()) {
                out.utf(v.storeId());
                out.int32(v.visits());
                writeInstant(out, v.firstVisit());
                writeInstant(out, v.lastVisit());
            }
            out.u16(a.amounts().size());
            for (SettledAmount s : a.amounts()) {
                out.utf(s.eventId());
                out.utf(s.type().name());
                writeInstant(out, s.at());
                out.float64(s.amount());
            }
        }

        @Override
        public AccountState read(StateIn in) {
            int n = in.u16();
            OwnerFreeze freeze = null;
            if (n == WITH_FREEZE) {
                freeze = readFreeze(in);
                n = in.u16();
            }
            List<KnownDevice> devices = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                String id = in.utf();
                Instant first = readInstant(in);
                Instant last = readInstant(in);
                devices.add(new KnownDevice(id, first, last, in.bool() ? readInstant(in) : null));
            }
            List<HistoryEvent> events = LOG.read(in).events();
            n = in.u16();
            List<StoreVisit> stores = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                stores.add(new StoreVisit(in.utf(), in.int32(), readInstant(in), readInstant(in)));
            }
            n = in.u16();
            List<SettledAmount> amounts = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                amounts.add(new SettledAmount(in.utf(), EventType.valueOf(in.utf()), readInstant(in), in.float64()));
            }
            return new AccountState(devices, events, stores, amounts, freeze);
        }
    };

    public static final Form<EventLog> LOG = new Form<>() {
        @Override
        public void write(StateOut out, EventLog log) {
            out.u16(log.events().size());
            for (HistoryEvent e : log.events()) {
                writeEvent(out, e);
            }
        }

        @Override
        public EventLog read(StateIn in) {
            int n = in.u16();
            List<HistoryEvent> events = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                events.add(readEvent(in));
            }
            return new EventLog(events);
        }
    };

    private static void writeEvent(StateOut out, HistoryEvent e) {
        out.utf(e.eventId());
        out.utf(e.type().name());
        writeInstant(out, e.at());
        out.float64(e.amount());
        out.utf(e.accountId());
        out.utf(e.deviceId());
        out.nullableUtf(e.storeId());
        out.utf(e.status().name());
        out.bool(e.newDevice());
        out.u16(e.resale().size());
        for (Resale r : e.resale()) {
            out.utf(r.group());
            out.float64(r.units());
            out.float64(r.amount());
        }
    }

    private static HistoryEvent readEvent(StateIn in) {
        String id = in.utf();
        EventType type = EventType.valueOf(in.utf());
        Instant at = readInstant(in);
        double amount = in.float64();
        String account = in.utf();
        String device = in.utf();
        String store = in.nullableUtf();
        Status status = Status.valueOf(in.utf());
        boolean newDevice = in.bool();
        int n = in.u16();
        List<Resale> resale = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            resale.add(new Resale(in.utf(), in.float64(), in.float64()));
        }
        HistoryEvent e = new HistoryEvent(id, type, at, amount, account, device, store, status, newDevice, resale);
        return in.canon() == null ? e : in.canon().event(e);
    }

    private static void writeFreeze(StateOut out, OwnerFreeze f) {
        out.bool(f.frozen());
        out.utf(f.why());
        writeInstant(out, f.at());
    }

    private static OwnerFreeze readFreeze(StateIn in) {
        return new OwnerFreeze(in.bool(), in.utf(), readInstant(in));
    }

    private static void writeInstant(StateOut out, Instant t) {
        out.int64(t.getEpochSecond());
        out.int32(t.getNano());
    }

    private static Instant readInstant(StateIn in) {
        return Instant.ofEpochSecond(in.int64(), in.int32());
    }
}
