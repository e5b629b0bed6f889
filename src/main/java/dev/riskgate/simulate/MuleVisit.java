package dev.riskgate.simulate;

import dev.riskgate.event.LineItem;
import java.util.ArrayList;
import java.util.List;

/**
 * One stolen account's turn on a mule handset: the crew logs in at the counter, tops up from the linked
 * card if the balance will not cover it (or just to be sure), and buys a few cartons of the crew's brand.
 * A mule campaign is several of these on one handset at one store within the hour.
 */
record MuleVisit(int day, long startsAt, String handset, String handsetIp, Store store, Goods.Brand brand, int cartons)
        implements Attack {

    MuleVisit {
        if (cartons < 1) {
            throw new IllegalArgumentException("cartons must be at least 1, was " + cartons);
        }
    }

    @Override
    public CampaignKind kind() {
        return CampaignKind.MULE_HANDSET;
    }

    @Override
    public void carryOut(Customer victim, Geography geography, List<SimEvent> out) {
        Dice dice = victim.dice();
        List<LineItem> items = new ArrayList<>(List.of(Goods.cartons(brand, cartons)));
        if (dice.chance(0.3)) {
            items.add(Goods.extra(dice));
        }
        long cost = Goods.total(items);
        long available = victim.ledger().spendable(startsAt);
        long at = startsAt;
        boolean shortOfMoney = available < cost;
        if (shortOfMoney || dice.chance(0.4)) {
            long needed = shortOfMoney ? cost - available : cost;
            long charge = Math.max(5000, (needed + 4999) / 5000 * 5000);
            out.add(SimEvent.charge(at, victim, handset, charge, TopUpThenSpend.attackerFunding(victim),
                    handsetIp, kind()));
            victim.ledger().schedule(at, charge);
            at += dice.between(40, 240);
        }
        out.add(SimEvent.purchase(at, victim, handset, store, items, kind()));
        victim.ledger().schedule(at, -cost);
    }
}
