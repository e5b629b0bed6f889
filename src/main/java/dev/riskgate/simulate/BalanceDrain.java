package dev.riskgate.simulate;

import java.util.List;

/**
 * No top-up: the crew spends what the victim keeps in the wallet, from its own handset, on cartons and
 * gift cards at a store far from the victim's. Planned only for customers who keep a healthy balance.
 */
record BalanceDrain(int day, long startsAt) implements Attack {

    /** Below this, the wallet is not worth a trip to the store. */
    static final long WORTH_DRAINING = 5000;

    @Override
    public CampaignKind kind() {
        return CampaignKind.BALANCE_DRAIN;
    }

    @Override
    public void carryOut(Customer victim, Geography geography, List<SimEvent> out) {
        Dice dice = victim.dice();
        long budget = Math.round(victim.ledger().spendable(startsAt) * dice.uniform(0.7, 1.0));
        if (budget < WORTH_DRAINING) {
            return;
        }
        int purchases = budget < 12_000 ? 1 : dice.between(1, 3);
        new Spree(dice.hexId("dev-"), geography.farFrom(victim, dice),
                dice.chance(0.7) ? Store.Kind.CONVENIENCE : Store.Kind.DRUGSTORE, startsAt, purchases, 3, 25, Loot.Kind.MIXED)
                .spend(victim, geography.tills(), budget, kind(), out);
    }
}
