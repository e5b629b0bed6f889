package dev.riskgate.simulate;

import java.util.List;

/**
 * A crew that knows a pack has thresholds: from a handset new to the account it tops up small amounts
 * (¥2,000 to ¥9,000), a minute or two apart, until it has ¥20,000 to ¥60,000, then cashes out at a far
 * store a carton or a card at a time. Splitting a charge below every threshold is the oldest trick there is.
 */
record SplitTopUps(int day, long startsAt) implements Attack {

    private static final long MINUTE = 60;

    @Override
    public CampaignKind kind() {
        return CampaignKind.SPLIT_TOP_UPS;
    }

    @Override
    public void carryOut(Customer victim, Geography geography, List<SimEvent> out) {
        Dice dice = victim.dice();
        String handset = dice.hexId("dev-");
        String ip = Population.mobileAddress(dice);
        String funding = TopUpThenSpend.attackerFunding(victim);
        long target = Math.round(dice.uniform(20_000, 60_000));
        long at = startsAt;
        long charged = 0;
        while (charged < target) {
            long charge = dice.between(2, 9) * 1000L;
            out.add(SimEvent.charge(at, victim, handset, charge, funding, ip, kind()));
            victim.ledger().schedule(at, charge);
            charged += charge;
            at += dice.between(40, 3 * MINUTE);
        }
        long budget = Math.min(victim.ledger().spendable(startsAt) + charged, Math.round(charged * dice.uniform(0.8, 1.0)));
        new Spree(handset, geography.farFrom(victim, dice), Store.Kind.CONVENIENCE, at + dice.between(3 * MINUTE, 20 * MINUTE),
                dice.between(3, 6), 2, 8, Loot.Kind.MIXED).spend(victim, geography.tills(), budget, kind(), out);
    }
}
