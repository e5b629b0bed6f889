package dev.riskgate.simulate;

import dev.riskgate.event.LineItem;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A customer's ordinary day: what they buy, where and when, from which device, and the top-ups that pay
 * for it. A purchase never exceeds the balance: the customer tops up first, usually minutes before.
 */
final class DailyRoutine {

    private static final long MINUTE = 60;
    private static final long HOUR = 3600;
    private static final double PACK_SMOKER_CARTON_PER_DAY = 1 / 25.0;
    private static final double SMOKER_BUYS_KIT_PER_DAY = 1 / 400.0;
    private static final long[] SMALL_GIFT_CARDS = {1500, 2000, 3000, 5000};

    /** {@code paidExactly}: topped up by exactly its price minutes before, whatever the balance. */
    private record Intent(long at, Store store, List<LineItem> items, boolean paidExactly) {
        Intent(long at, Store store, List<LineItem> items) {
            this(at, store, items, false);
        }
    }

    private final Geography geography;
    private final Life life;

    DailyRoutine(Geography geography, Life life) {
        this.geography = geography;
        this.life = life;
    }

    /** Adds the customer's events of the day to {@code out}, with the attacker's if this is the day of the attack. */
    void live(Customer customer, int day, long dayStart, boolean weekend, List<SimEvent> out) {
        if (day < customer.joinDay()) {
            return;
        }
        Dice dice = customer.dice();
        if (day > customer.joinDay() && dice.chance(life.phoneSwitchPerDay())) {
            customer.switchPhone();
        }
        Attack attack = customer.attack() != null && customer.attack().day() == day ? customer.attack() : null;
        for (Intent intent : plan(customer, dayStart, weekend, dice)) {
            if (attack != null && attack.startsAt() <= intent.at()) {
                attack.carryOut(customer, geography, out);
                attack = null;
            }
            pay(customer, intent, dayStart, out);
        }
        if (attack != null) {
            attack.carryOut(customer, geography, out);
        }
    }

    private List<Intent> plan(Customer c, long dayStart, boolean weekend, Dice dice) {
        Persona p = c.persona();
        List<Intent> plan = new ArrayList<>();
        District trip = dice.chance(p.tripChance()) ? geography.farFrom(c, dice) : null;
        int purchases = dice.poisson(p.purchasesPerDay() * (weekend ? p.weekendFactor() : 1));
        for (int i = 0; i < purchases; i++) {
            long target = Math.round(Math.max(100, Math.min(p.typicalSpend() * 4, dice.logNormal(p.typicalSpend(), p.spendSpread()))));
            if (dice.chance(p.onlineShare())) {
                Store shop = dice.chance(0.1) ? geography.onlineShop(dice) : c.usualOnlineShop();
                plan.add(new Intent(dayStart + dice.between(6 * HOUR, 24 * HOUR - 1), shop, Goods.everyday(shop.kind(), target, dice)));
            } else {
                Store store = physicalStore(c, trip, dice);
                plan.add(new Intent(timeOfDay(p, weekend, dayStart, dice), store, Goods.everyday(store.kind(), target, dice)));
            }
        }
        if (c.brand() != null) {
            smoke(c, weekend, dayStart, trip, dice, plan);
        }
        if (dice.chance(p.bigPurchaseChance())) {
            Store store = switch (dice.pickIndex(0.45, 0.2, 0.35)) {
                case 0 -> bigTicketStore(c, dice);
                case 1 -> c.usualOnlineShop();
                default -> c.usualStore();
            };
            plan.add(new Intent(timeOfDay(p, weekend, dayStart, dice), store, List.of(Goods.bigTicket(store.kind(), dice))));
        }
        // Drawn only in a world that has them, so every other world's stream of draws is as it was.
        if (life.paidBigTicketsPerDay() > 0 && dice.chance(life.paidBigTicketsPerDay())) {
            Store store = dice.chance(0.5) ? c.usualStore() : bigTicketStore(c, dice);
            List<LineItem> items = dice.chance(0.25)
                    ? List.of(Goods.giftCard(dice.pick(10_000, 20_000), dice.between(1, 3), dice))
                    : List.of(Goods.bigTicket(store.kind() == Store.Kind.ELECTRONICS ? Store.Kind.ELECTRONICS : Store.Kind.ONLINE, dice));
            plan.add(new Intent(timeOfDay(p, weekend, dayStart, dice), store, items, true));
        }
        if (dice.chance(p.giftCardChance())) {
            plan.add(new Intent(timeOfDay(p, weekend, dayStart, dice), c.corner(),
                    List.of(Goods.giftCard(dice.pick(SMALL_GIFT_CARDS), 1, dice))));
        }
        plan.sort(Comparator.comparingLong(Intent::at));
        return plan;
    }

    private void smoke(Customer c, boolean weekend, long dayStart, District trip, Dice dice, List<Intent> plan) {
        Persona p = c.persona();
        // Away from home a smoker buys at whatever convenience store is there.
        Store packStore = trip != null ? Geography.storeIn(trip, Store.Kind.CONVENIENCE, dice) : c.corner();
        Goods.Brand brand = c.brand();
        boolean packs = p.smoking() == Persona.Smoking.PACKS;
        if (packs && dice.chance(p.packDayChance())) {
            List<LineItem> items = new ArrayList<>(List.of(Goods.packs(brand, dice.chance(0.75) ? 1 : 2)));
            if (dice.chance(0.3)) {
                items.add(Goods.extra(dice));
            }
            plan.add(new Intent(timeOfDay(p, weekend, dayStart, dice), packStore, items));
        }
        double cartonChance = packs ? PACK_SMOKER_CARTON_PER_DAY : 1.0 / p.cartonEveryDays();
        if (dice.chance(cartonChance)) {
            // Stocking up: a pack smoker asks for ten packs about as often as for the carton.
            Store store = trip != null ? packStore : dice.chance(0.7) ? c.corner() : c.usualStore();
            LineItem stock = packs && dice.chance(0.5) ? Goods.packs(brand, 10)
                    : Goods.cartons(brand, !packs && dice.chance(0.1) ? 2 : 1);
            plan.add(new Intent(timeOfDay(p, weekend, dayStart, dice), store, List.of(stock)));
        }
        if (dice.chance(SMOKER_BUYS_KIT_PER_DAY)) {
            plan.add(new Intent(timeOfDay(p, weekend, dayStart, dice), c.corner(), List.of(Goods.eCigaretteKit(1, dice))));
        }
    }

    private void pay(Customer c, Intent intent, long dayStart, List<SimEvent> out) {
        Persona p = c.persona();
        Dice dice = c.dice();
        long amount = Goods.total(intent.items());
        long available = c.ledger().spendable(intent.at());
        if (intent.paidExactly()) {
            // At the till: the exact price, from the owner's own phone, a few minutes before.
            long at = Math.max(c.lastAt() + 1, intent.at() - dice.between(2 * MINUTE, 15 * MINUTE));
            out.add(SimEvent.charge(Math.min(at, intent.at()), c, c.phone(), amount, p.fundingSource(), c.ip(), null));
            c.ledger().credit(amount);
            c.lastAt(Math.min(at, intent.at()));
        } else if (available - amount < p.lowWater()) {
            long needed = amount + p.lowWater() - available;
            long unit = needed > 20_000 ? Math.max(10_000, p.topUpAmount()) : p.topUpAmount();
            long usual = p.topUpStyle() == Persona.TopUpStyle.ROUND_AMOUNTS && dice.chance(0.3)
                    ? dice.pick(10_000, 20_000, 30_000, 50_000) : p.topUpAmount();
            long topUp = Math.max(usual, (needed + unit - 1) / unit * unit);
            long at = topUpTime(c, intent.at(), dayStart, dice);
            String device = c.tablet() != null && dice.chance(p.secondDeviceShare()) ? c.tablet() : c.phone();
            out.add(SimEvent.charge(at, c, device, topUp, p.fundingSource(), c.ip(), null));
            c.ledger().credit(topUp);
            c.lastAt(at);
        }
        boolean online = intent.store().kind() == Store.Kind.ONLINE;
        String device = online && c.tablet() != null && dice.chance(2 * p.secondDeviceShare()) ? c.tablet() : c.phone();
        out.add(SimEvent.purchase(intent.at(), c, device, intent.store(), intent.items(), null));
        c.ledger().debit(amount);
        c.visit(intent.store());
        c.lastAt(intent.at());
    }

    /** Usually minutes before the payment; sometimes earlier in the day. Never before the customer's previous event. */
    private static long topUpTime(Customer c, long paymentAt, long dayStart, Dice dice) {
        long low = Math.max(c.lastAt() + 1, Math.min(dayStart + 6 * HOUR, paymentAt - 30 * MINUTE));
        long high = paymentAt - 30;
        if (low > high) {
            return Math.min(paymentAt, Math.max(c.lastAt(), paymentAt - 1));
        }
        boolean justBefore = dice.chance(c.persona().topUpStyle() == Persona.TopUpStyle.JUST_IN_TIME ? 0.85 : 0.5);
        return justBefore ? Math.max(low, paymentAt - dice.between(MINUTE, 25 * MINUTE)) : dice.between(low, high);
    }

    private Store physicalStore(Customer c, District trip, Dice dice) {
        if (trip != null && dice.chance(0.7)) {
            return Geography.storeIn(trip, dice.chance(0.7) ? Store.Kind.CONVENIENCE : Store.Kind.RESTAURANT, dice);
        }
        if (dice.chance(c.persona().newStoreShare())) {
            Store.Kind kind = Store.Kind.values()[dice.pickIndex(0.6, 0.15, 0.15, 0.1)];
            return Geography.storeIn(dice.chance(0.5) ? c.home() : c.work(), kind, dice);
        }
        return c.usualStore();
    }

    /** Mostly an electronics store near home or work, or further afield in the same prefecture if there is none. */
    private Store bigTicketStore(Customer c, Dice dice) {
        Store.Kind kind = dice.chance(0.75) ? Store.Kind.ELECTRONICS : dice.chance(0.5) ? Store.Kind.SUPERMARKET : Store.Kind.DRUGSTORE;
        District district = dice.chance(0.5) ? c.home() : c.work();
        for (int tries = 0; tries < 5 && district.stores(kind).isEmpty(); tries++) {
            district = geography.districtIn(c.home().prefecture(), dice);
        }
        return Geography.storeIn(district, kind, dice);
    }

    private static long timeOfDay(Persona p, boolean weekend, long dayStart, Dice dice) {
        // Night shifts keep their hours at the weekend too.
        if (weekend && p.dayShape() != Persona.DayShape.NIGHT) {
            return dayStart + dice.between(9 * HOUR + 30 * MINUTE, 21 * HOUR + 30 * MINUTE);
        }
        return dayStart + switch (p.dayShape()) {
            case COMMUTER -> switch (dice.pickIndex(0.25, 0.35, 0.4)) {
                case 0 -> dice.between(7 * HOUR, 9 * HOUR);
                case 1 -> dice.between(11 * HOUR + 45 * MINUTE, 13 * HOUR + 30 * MINUTE);
                default -> dice.between(17 * HOUR + 30 * MINUTE, 22 * HOUR);
            };
            case DAYTIME -> dice.between(9 * HOUR, 19 * HOUR);
            case EVENING -> dice.between(16 * HOUR, 23 * HOUR + 30 * MINUTE);
            // Late evening or small hours of the same day (the day's events stay within it; a top-up
            // before a payment right after midnight still falls after it began).
            case NIGHT -> dice.chance(0.4) ? dice.between(22 * HOUR, 24 * HOUR - 1) : dice.between(30 * MINUTE, 5 * HOUR);
        };
    }
}
