package dev.riskgate.simulate;

import dev.riskgate.event.LineItem;
import java.util.List;

/**
 * A crew's shopping spree on a stolen account: {@code purchases} purchases from {@code first}, a few
 * minutes apart, in a district far from the victim's, at a store the victim never used (and now and then
 * a second one nearby).
 */
record Spree(String device, District district, Store.Kind storeKind, long first, int purchases,
             int minGapMinutes, int maxGapMinutes, Loot.Kind goods) {

    Spree {
        if (purchases < 1 || minGapMinutes < 1 || maxGapMinutes < minGapMinutes) {
            throw new IllegalArgumentException("a spree needs at least one purchase and 1 <= minGapMinutes <= maxGapMinutes, was "
                    + purchases + " purchases, " + minGapMinutes + " to " + maxGapMinutes + " minutes apart");
        }
    }

    /** Spends up to {@code budget}, scheduling the debits on the victim's ledger. */
    void spend(Customer victim, Tills tills, long budget, CampaignKind campaign, List<SimEvent> out) {
        Dice dice = victim.dice();
        Goods.Brand brand = Loot.brand(tills, dice);
        Store store = unvisited(victim, dice);
        long at = first;
        long carried = 0;
        for (long share : Loot.split(budget, purchases, dice)) {
            List<LineItem> items = Loot.basket(goods, brand, share + carried, dice);
            long total = Goods.total(items);
            carried = share + carried - total;
            if (!items.isEmpty()) {
                Store where = dice.chance(0.3) ? unvisited(victim, dice) : store;
                out.add(SimEvent.purchase(at, victim, device, where, items, campaign));
                victim.ledger().schedule(at, -total);
            }
            at += dice.between(minGapMinutes * 60, maxGapMinutes * 60);
        }
    }

    private Store unvisited(Customer victim, Dice dice) {
        Store store = Geography.storeIn(district, storeKind, dice);
        for (int tries = 0; tries < 10 && victim.hasVisited(store); tries++) {
            store = Geography.storeIn(district, storeKind, dice);
        }
        return store;
    }
}
