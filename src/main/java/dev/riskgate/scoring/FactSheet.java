package dev.riskgate.scoring;

import dev.riskgate.event.EventType;
import dev.riskgate.event.ScoreRequest;
import dev.riskgate.rules.PackReads;
import dev.riskgate.rules.RulePack;
import dev.riskgate.rules.Parameters;
import dev.riskgate.rules.facts.DeviceStanding;
import dev.riskgate.rules.facts.EventKind;
import dev.riskgate.rules.facts.Outcome;
import dev.riskgate.rules.facts.Goods;
import dev.riskgate.rules.facts.HourHabit;
import dev.riskgate.rules.facts.PastEvent;
import dev.riskgate.rules.facts.PastResale;
import dev.riskgate.rules.facts.PurchaseProfile;
import dev.riskgate.rules.facts.ResaleLine;
import dev.riskgate.rules.facts.Scope;
import dev.riskgate.rules.facts.StoreStanding;
import dev.riskgate.rules.facts.TopUp;
import dev.riskgate.rules.facts.TopUpProfile;
import dev.riskgate.rules.facts.WalletEvent;
import dev.riskgate.state.AccountState;
import dev.riskgate.state.HistoryEvent;
import dev.riskgate.state.Resale;
import dev.riskgate.state.Retention;
import dev.riskgate.state.SettledAmount;
import dev.riskgate.state.Snapshot;
import dev.riskgate.state.Status;
import dev.riskgate.state.StoreVisit;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Turns a request and the history snapshot into the facts the DRL rules match on: the event itself,
 * the raw earlier attempts per {@link Scope}, and facts derived from them once here so that rules read
 * as sentences (a {@link TopUp} this purchase drains, the account's {@link TopUpProfile}, its
 * {@link HourHabit}). All times become "minutes before this event" in event time, so replaying the same
 * stream gives the same answers. Only history inside the pack's {@code history.window_minutes} and not
 * after the event is included, and of the raw earlier attempts only those some rule can match.
 */
final class FactSheet {

    private FactSheet() {
    }

    static List<Object> facts(ScoreRequest req, Snapshot snap, List<Resale> resale, RulePack pack) {
        Parameters params = pack.params();
        double windowMinutes = params.historyWindowMinutes();
        Instant at = req.occurredAt().toInstant();
        AccountState account = snap.account();
        List<Object> facts = new ArrayList<>();
        WalletEvent event = WalletEvent.of(req);
        facts.add(event);
        for (Resale r : resale) {
            goods(r).ifPresent(g -> facts.add(new ResaleLine(g, r.units(), r.amount())));
        }
        DeviceStanding device = DeviceTrust.standing(account, req.deviceId(), at, params);
        facts.add(device);
        facts.add(purchaseProfile(account, params));
        facts.add(topUpProfile(account, params));
        HourHabit habit = hourHabit(account, at, req.occurredAt().getHour(), req.occurredAt().getOffset(), params);
        facts.add(habit);
        StoreStanding store = null;
        if (req.storeId() != null && req.type() == EventType.PURCHASE) {
            StoreVisit visit = account.stores().stream().filter(v -> v.storeId().equals(req.storeId()))
                    .findFirst().orElse(null);
            store = new StoreStanding(req.storeId(), visit == null ? 0 : visit.visits(),
                    visit == null ? 0 : minutesBetween(visit.firstVisit(), at), account.stores().size());
            facts.add(store);
        }
        facts.add(ActorEvidence.judge(device, habit, store, resale, req.accountId(), req.deviceId(), account.events(),
                snap.device().events(), at, params));
        addTopUps(facts, account.events(), at, windowMinutes,
                Drain.of(req.type() == EventType.PURCHASE ? event.amount() : -1, params));
        addHistory(facts, Scope.ACCOUNT, account.events(), at, pack.reads());
        addHistory(facts, Scope.DEVICE, snap.device().events(), at, pack.reads());
        addHistory(facts, Scope.STORE, snap.store().events(), at, pack.reads());
        return facts;
    }

    /** Whether the device is new to the account (see {@link DeviceStanding#newToAccount()}): what history remembers of an attempt. */
    static boolean isNewDevice(AccountState account, String deviceId, Instant at, Parameters params) {
        return DeviceTrust.standing(account, deviceId, at, params).newToAccount();
    }

    private static PurchaseProfile purchaseProfile(AccountState account, Parameters params) {
        double[] amounts = sortedAmounts(account, EventType.PURCHASE);
        if (amounts.length == 0) {
            return new PurchaseProfile(0, 0, 0, 0);
        }
        return new PurchaseProfile(amounts.length, quantile(amounts, 0.5),
                quantile(amounts, params.get("profile.high_quantile")), amounts[amounts.length - 1]);
    }

    /**
     * The balance is what settled top-ups brought in less what settled purchases spent. It is unknown
     * when the kept amounts were capped (older ones dropped) or when purchases exceed top-ups (money
     * topped up before the history began).
     */
    private static TopUpProfile topUpProfile(AccountState account, Parameters params) {
        double[] charges = sortedAmounts(account, EventType.CHARGE);
        double in = 0;
        double out = 0;
        for (SettledAmount a : account.amounts()) {
            if (a.type() == EventType.CHARGE) {
                in += a.amount();
            } else {
                out += a.amount();
            }
        }
        boolean known = account.amounts().size() < Retention.MAX_AMOUNTS && in >= out;
        double balance = Math.max(0, in - out);
        if (charges.length == 0) {
            return new TopUpProfile(0, 0, 0, balance, known);
        }
        return new TopUpProfile(charges.length, quantile(charges, 0.5), charges[charges.length - 1], balance, known);
    }

    /**
     * Habits are what earlier days show (events older than {@code hour.habit_after_minutes}): today's
     * events, a thief's among them, do not make a habit.
     */
    private static HourHabit hourHabit(AccountState account, Instant at, int hour, ZoneOffset offset, Parameters params) {
        double after = params.get("hour.habit_after_minutes");
        double nearHours = params.get("hour.near_hours");
        int samples = 0;
        int near = 0;
        for (HistoryEvent e : account.events()) {
            if (!e.status().settled() || minutesBetween(e.at(), at) < after) {
                continue;
            }
            samples++;
            int h = e.at().atOffset(offset).getHour();
            int distance = Math.abs(h - hour);
            if (Math.min(distance, 24 - distance) <= nearHours) {
                near++;
            }
        }
        return new HourHabit(samples, near);
    }

    /**
     * Top-ups not declined, each with what the account spent after it and before this event. Histories
     * are kept in time order, so one walk sums what was spent up to each top-up and the rest is the total
     * less that: linear in the history, where a sum per top-up was quadratic for an account topping up
     * hundreds of times. (With whole amounts, as in yen, the difference is exact; with cents it may differ
     * from a sum per top-up in the last bit.) A history out of order takes the sum per top-up. Each says
     * whether this event drains it ({@link Drain}).
     */
    static void addTopUps(List<Object> facts, List<HistoryEvent> events, Instant at, double windowMinutes, Drain drain) {
        if (!inTimeOrder(events)) {
            addTopUpsOneByOne(facts, events, at, windowMinutes, drain);
            return;
        }
        double total = 0;
        for (HistoryEvent e : events) {
            if (spends(e, at)) {
                total += e.amount();
            }
        }
        double spentBefore = 0;
        int next = 0;
        for (HistoryEvent charge : events) {
            double ago = minutesBetween(charge.at(), at);
            if (charge.type() != EventType.CHARGE || declined(charge.status()) || ago < 0 || ago > windowMinutes) {
                continue;
            }
            // Everything not after the top-up, ties included, was spent before it.
            for (; next < events.size() && !events.get(next).at().isAfter(charge.at()); next++) {
                if (spends(events.get(next), at)) {
                    spentBefore += events.get(next).amount();
                }
            }
            facts.add(drain.topUp(charge, ago, total - spentBefore));
        }
    }

    /**
     * Whether a purchase drains a top-up: spent since it plus this purchase ({@code purchase}, negative for
     * a charge) reach {@code share} of a top-up of at least {@code minCharge}, within {@code window} minutes.
     */
    record Drain(double purchase, double window, double minCharge, double share) {
        static final Drain NONE = new Drain(-1, 0, 0, 0);

        static Drain of(double purchase, Parameters params) {
            return new Drain(purchase, params.get("charge_spend.window_minutes"), params.get("charge_spend.min_charge"),
                    params.get("charge_spend.drained_share"));
        }

        TopUp topUp(HistoryEvent charge, double ago, double spent) {
            boolean drained = purchase >= 0 && ago <= window && charge.amount() >= minCharge
                    && spent + purchase >= charge.amount() * share;
            return new TopUp(charge.eventId(), ago, charge.amount(), charge.deviceId(), charge.newDevice(), spent, drained);
        }
    }

    static void addTopUpsOneByOne(List<Object> facts, List<HistoryEvent> events, Instant at, double windowMinutes,
                                  Drain drain) {
        for (HistoryEvent charge : events) {
            double ago = minutesBetween(charge.at(), at);
            if (charge.type() != EventType.CHARGE || declined(charge.status()) || ago < 0 || ago > windowMinutes) {
                continue;
            }
            double spent = 0;
            for (HistoryEvent e : events) {
                if (spends(e, at) && e.at().isAfter(charge.at())) {
                    spent += e.amount();
                }
            }
            facts.add(drain.topUp(charge, ago, spent));
        }
    }

    /** A purchase not declined, not after this event. */
    private static boolean spends(HistoryEvent e, Instant at) {
        return e.type() == EventType.PURCHASE && !declined(e.status()) && !e.at().isAfter(at);
    }

    private static boolean inTimeOrder(List<HistoryEvent> events) {
        for (int i = 1; i < events.size(); i++) {
            if (events.get(i).at().isBefore(events.get(i - 1).at())) {
                return false;
            }
        }
        return true;
    }

    /**
     * The earlier attempts the pack can match (see {@link PackReads}), oldest first as before. Histories
     * are kept in time order, so the oldest one inside the widest window is found walking back from the
     * newest, and the rest of a busy device's or store's log is never touched.
     */
    private static void addHistory(List<Object> facts, Scope scope, List<HistoryEvent> events, Instant at,
                                   PackReads reads) {
        double eventWindow = reads.eventMinutes(scope);
        double resaleWindow = reads.resaleMinutes(scope);
        double window = Math.max(eventWindow, resaleWindow);
        int first = events.size();
        while (first > 0 && minutesBetween(events.get(first - 1).at(), at) <= window) {
            first--;
        }
        for (HistoryEvent e : events.subList(first, events.size())) {
            double ago = minutesBetween(e.at(), at);
            if (ago < 0) {
                continue;
            }
            Outcome status = outcome(e.status());
            EventKind kind = kind(e.type());
            boolean declined = declined(e.status());
            if (ago <= eventWindow) {
                facts.add(new PastEvent(scope, e.eventId(), kind, e.accountId(), e.deviceId(),
                        e.storeId(), ago, e.amount(), status, e.status().settled(), declined, e.newDevice()));
            }
            if (ago <= resaleWindow) {
                for (Resale r : e.resale()) {
                    goods(r).ifPresent(g -> facts.add(new PastResale(scope, e.eventId(), e.accountId(), e.deviceId(),
                            e.storeId(), g, r.units(), r.amount(), ago, status, e.status().settled(), declined,
                            e.newDevice())));
                }
            }
        }
    }

    // By name, once: a constant one side lacks fails the class's loading, not a rule's match.
    private static final Outcome[] OUTCOMES = Arrays.stream(Status.values()).map(s -> Outcome.valueOf(s.name()))
            .toArray(Outcome[]::new);
    private static final EventKind[] KINDS = Arrays.stream(EventType.values()).map(t -> EventKind.valueOf(t.name()))
            .toArray(EventKind[]::new);

    /** The rules' names for a stored status and type: the same constants, in the facts' own package. */
    static Outcome outcome(Status status) {
        return OUTCOMES[status.ordinal()];
    }

    static EventKind kind(EventType type) {
        return KINDS[type.ordinal()];
    }

    /** The money did not move and never will. */
    static boolean declined(Status status) {
        return status == Status.FAILED || status == Status.BLOCKED || status == Status.FRAUD;
    }

    /** Stored groups the code no longer knows are left out rather than guessed. */
    private static Optional<Goods> goods(Resale r) {
        return Goods.of(r.group());
    }

    private static double[] sortedAmounts(AccountState account, EventType type) {
        List<SettledAmount> all = account.amounts();
        double[] amounts = new double[all.size()];
        int n = 0;
        for (SettledAmount a : all) {
            if (a.type() == type) {
                amounts[n++] = a.amount();
            }
        }
        double[] sorted = n == amounts.length ? amounts : java.util.Arrays.copyOf(amounts, n);
        java.util.Arrays.sort(sorted);
        return sorted;
    }

    /** Whole milliseconds exactly as {@code Duration.between(from, to).toMillis()}, without a Duration per event. */
    static double minutesBetween(Instant from, Instant to) {
        long seconds = to.getEpochSecond() - from.getEpochSecond();
        long nanos = to.getNano() - from.getNano();
        if (nanos < 0) {
            seconds--;
            nanos += 1_000_000_000L;
        }
        if (seconds < 0) {
            // Duration.toMillis truncates a negative duration toward zero.
            seconds++;
            nanos -= 1_000_000_000L;
        }
        return (seconds * 1000 + nanos / 1_000_000) / 60_000.0;
    }

    /** Nearest-rank quantile of sorted values. */
    private static double quantile(double[] sorted, double q) {
        int rank = (int) Math.ceil(q * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }
}
