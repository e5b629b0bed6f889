package dev.riskgate.scoring;

import dev.riskgate.event.EventType;
import dev.riskgate.rules.Parameters;
import dev.riskgate.rules.facts.Actor;
import dev.riskgate.rules.facts.DeviceStanding;
import dev.riskgate.rules.facts.Evidence;
import dev.riskgate.rules.facts.Goods;
import dev.riskgate.rules.facts.HourHabit;
import dev.riskgate.rules.facts.StoreStanding;
import dev.riskgate.state.HistoryEvent;
import dev.riskgate.state.Resale;
import dev.riskgate.state.Status;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Who is acting: the signs that someone other than the owner holds the wallet, judged once per event so
 * that every value rule asks the same question ({@link Actor}). Strong signs are rare in owners' lives: a
 * device new to the account or in its first hours there, a failed second factor, a device several other
 * accounts use. Weak signs happen in owners' lives too and count as strong only together: a phone still
 * earning trust (or young and trusted by a second factor), a step-up left unanswered, this device declined
 * on the account with nothing settled since (how a cloned device id shows), an hour or a store outside
 * the account's habits, tobacco on an account that never bought any. A cloned or spoofed device id at the
 * owner's usual hour shows no device sign; the store and the goods are what give the other person away.
 */
final class ActorEvidence {

    private ActorEvidence() {
    }

    static Actor judge(DeviceStanding device, HourHabit habit, StoreStanding store, List<Resale> basket, String accountId,
                       String deviceId, List<HistoryEvent> accountEvents, List<HistoryEvent> deviceEvents, Instant at,
                       Parameters params) {
        Signs signs = new Signs();
        if (device.newToAccount() && !device.seen()) {
            signs.strong("device never used by this account");
        } else if (device.young() && device.trusted()) {
            // A passed second factor vouches for the holder, but a phished code passes too: still a sign,
            // strong only with another (the far store a cash-out happens at).
            signs.weak(String.format("device first used on this account %.0f minutes ago, trusted by a second factor",
                    device.minutesSinceFirstSeen()));
        } else if (device.young()) {
            signs.strong(String.format("device first used on this account %.0f minutes ago", device.minutesSinceFirstSeen()));
        } else if (device.newToAccount()) {
            signs.weak(String.format("device still earning trust (used on %d of %.0f days)", device.daysUsed(),
                    params.get(DeviceTrust.MIN_DAYS_USED)));
        }
        secondFactor(signs, deviceId, accountEvents, at, params);
        declinedHere(signs, deviceId, accountEvents, at, params);
        shared(signs, accountId, deviceEvents, at, params);
        if (habit.samples() >= params.get("hour.min_samples") && habit.atThisHour() == 0) {
            signs.weak("an hour the account never pays at");
        }
        if (newStore(signs, store, accountEvents, params)) {
            unfamiliarGoods(signs, basket, accountEvents, at, params);
        }
        return signs.actor(params);
    }

    /**
     * A store outside the account's habits: never used, or first used only minutes or hours ago. The first
     * purchase a thief makes at a far store must not make the second one there look usual. It speaks once
     * the account has habits: min_usual_stores stores, or store_habit_min_purchases settled purchases (a
     * customer who always pays at one shop has the strongest habit of all).
     */
    private static boolean newStore(Signs signs, StoreStanding store, List<HistoryEvent> events, Parameters params) {
        if (store == null || store.accountStores() < params.get("actor.min_usual_stores")
                && settledPurchases(events) < params.get("actor.store_habit_min_purchases")) {
            return false;
        }
        if (store.visits() == 0) {
            signs.weak("a store the account never used");
            return true;
        }
        if (store.minutesSinceFirstVisit() < params.get("actor.new_store_minutes")) {
            signs.weak(String.format("a store the account first used %.0f minutes ago", store.minutesSinceFirstVisit()));
            return true;
        }
        return false;
    }

    /**
     * Tobacco, at a store outside the account's habits, on an account that never bought any: a thief
     * presenting the owner's own device id buys cartons far away for an account that only ever bought
     * lunch, and smoking is a habit, not an errand. Only with the new store: the owner's own first cartons
     * at their own shop, on their own phone, stay free of friction below the ceiling, whatever the goods. Judged on settled
     * purchases older than unfamiliar_goods_after_minutes (today's, a thief's among them, make no habit),
     * once there are unfamiliar_goods_min_purchases of them. Gift cards are not judged so: owners buy their
     * first one as a present any day, at a store new to them, with a top-up at the till.
     */
    private static void unfamiliarGoods(Signs signs, List<Resale> basket, List<HistoryEvent> events, Instant at,
                                        Parameters params) {
        if (!buys(basket, params.get("actor.unfamiliar_tobacco_min_amount"))) {
            return;
        }
        double after = params.get("actor.unfamiliar_goods_after_minutes");
        int purchases = 0;
        for (HistoryEvent e : events) {
            if (e.type() != EventType.PURCHASE || !e.status().settled() || FactSheet.minutesBetween(e.at(), at) < after) {
                continue;
            }
            if (buys(e.resale(), 0)) {
                return;
            }
            purchases++;
        }
        if (purchases >= params.get("actor.unfamiliar_goods_min_purchases")) {
            signs.weak(String.format("tobacco on an account that never bought any in %d purchases", purchases));
        }
    }

    private static int settledPurchases(List<HistoryEvent> events) {
        int n = 0;
        for (HistoryEvent e : events) {
            if (e.type() == EventType.PURCHASE && e.status().settled()) {
                n++;
            }
        }
        return n;
    }

    private static boolean buys(List<Resale> resale, double least) {
        for (Resale r : resale) {
            if (Goods.of(r.group()).orElse(null) == Goods.TOBACCO && r.amount() >= least) {
                return true;
            }
        }
        return false;
    }

    /** A second factor failed on the account (whatever the device), or one on this device went unanswered. */
    private static void secondFactor(Signs signs, String deviceId, List<HistoryEvent> events, Instant at, Parameters params) {
        double failedWindow = params.get("actor.failed_step_up_minutes");
        double pendingWindow = params.get("actor.unanswered_step_up_minutes");
        boolean failed = false;
        boolean pending = false;
        for (HistoryEvent e : events) {
            double ago = FactSheet.minutesBetween(e.at(), at);
            if (ago < 0) {
                continue;
            }
            failed |= e.status() == Status.FAILED && ago <= failedWindow;
            pending |= e.status() == Status.PENDING && e.deviceId().equals(deviceId) && ago <= pendingWindow;
        }
        if (failed) {
            signs.strong("a second factor on this account failed just before");
        } else if (pending) {
            signs.weak("a step-up on this device went unanswered just before");
        }
    }

    /**
     * This device was declined on the account and nothing from it settled since: a clone of the owner's
     * device id, or a thief whose first try was stopped. A pass of the second factor since clears it.
     */
    private static void declinedHere(Signs signs, String deviceId, List<HistoryEvent> events, Instant at, Parameters params) {
        double window = params.get("actor.declined_device_minutes");
        boolean declined = false;
        for (HistoryEvent e : events) {
            double ago = FactSheet.minutesBetween(e.at(), at);
            if (ago < 0 || ago > window || !e.deviceId().equals(deviceId)) {
                continue;
            }
            if (FactSheet.declined(e.status())) {
                declined = true;
            } else if (e.status().settled()) {
                declined = false;
            }
        }
        if (declined) {
            // Weak: an owner's own false decline must not amplify their next purchases into a cascade;
            // with the odd hour or far store of a clone's cash-out it is strong.
            signs.weak("device declined on this account just before, nothing settled since");
        }
    }

    /** Households share a phone; several other accounts on one handset are a mule's. */
    private static void shared(Signs signs, String accountId, List<HistoryEvent> deviceEvents, Instant at, Parameters params) {
        double window = params.get("actor.shared_device_minutes");
        Set<String> others = new HashSet<>();
        for (HistoryEvent e : deviceEvents) {
            double ago = FactSheet.minutesBetween(e.at(), at);
            if (ago >= 0 && ago <= window && !e.accountId().equals(accountId)) {
                others.add(e.accountId());
            }
        }
        if (others.size() >= params.get("actor.shared_device_accounts")) {
            signs.strong(String.format("device used by %d other accounts", others.size()));
        }
    }

    private static final class Signs {
        private final StringBuilder reasons = new StringBuilder();
        private int strong;
        private int weak;

        void strong(String reason) {
            strong++;
            note(reason);
        }

        void weak(String reason) {
            weak++;
            note(reason);
        }

        private void note(String reason) {
            reasons.append(reasons.length() == 0 ? "" : "; ").append(reason);
        }

        Actor actor(Parameters params) {
            Evidence level = strong > 0 || weak >= params.get("actor.weak_signs_for_strong") ? Evidence.STRONG
                    : weak > 0 ? Evidence.WEAK : Evidence.NONE;
            double amplifier = switch (level) {
                case NONE -> 0;
                case WEAK -> params.get("actor.weak.amplifier");
                case STRONG -> params.get("actor.strong.amplifier");
            };
            return new Actor(level, strong, weak, amplifier, reasons.toString());
        }
    }
}
