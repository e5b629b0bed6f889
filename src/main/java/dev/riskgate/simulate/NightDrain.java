package dev.riskgate.simulate;

import java.util.List;

/**
 * Drains from an unseen device at far stores, topping up first when the balance is thin: gift and
 * prepaid cards at night (gift-card-drain), or one carton at a time over an afternoon, a different
 * store now and then (single-carton-drain). The hour is the planner's.
 */
record NightDrain(CampaignKind kind, int day, long startsAt) implements Attack {

    private static final long MINUTE = 60;

    NightDrain {
        if (kind != CampaignKind.GIFT_CARD_DRAIN && kind != CampaignKind.SINGLE_CARTON_DRAIN) {
            throw new IllegalArgumentException("a drain at far stores cannot be a " + kind.label());
        }
    }

    @Override
    public void carryOut(Customer victim, Geography geography, List<SimEvent> out) {
        Dice dice = victim.dice();
        String device = dice.hexId("dev-");
        boolean cards = kind == CampaignKind.GIFT_CARD_DRAIN;
        long available = victim.ledger().spendable(startsAt);
        long first = startsAt;
        long topUp = 0;
        if (available < (cards ? 15_000 : 25_000)) {
            topUp = cards ? dice.pick(10_000, 20_000, 30_000) : dice.pick(20_000, 30_000, 50_000);
            out.add(SimEvent.charge(startsAt, victim, device, topUp, TopUpThenSpend.attackerFunding(victim),
                    Population.mobileAddress(dice), kind));
            victim.ledger().schedule(startsAt, topUp);
            first += dice.between(2 * MINUTE, 20 * MINUTE);
        }
        long budget = Math.round((available + topUp) * dice.uniform(0.75, 1.0));
        Spree spree = cards
                ? new Spree(device, geography.farFrom(victim, dice), Store.Kind.CONVENIENCE, first, dice.between(1, 3),
                        3, 20, Loot.Kind.GIFT_CARDS)
                : new Spree(device, geography.farFrom(victim, dice), Store.Kind.CONVENIENCE, first, dice.between(3, 6),
                        15, 50, Loot.Kind.ONE_CARTON);
        spree.spend(victim, geography.tills(), budget, kind, out);
    }
}
