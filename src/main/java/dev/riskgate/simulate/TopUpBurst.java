package dev.riskgate.simulate;

import java.util.List;

/**
 * 7pay's victims saw charge e-mails arrive one after another: several top-ups within minutes from the
 * crew's handset, about ¥300,000 in all, then most of it spent on resale goods at a far store.
 */
record TopUpBurst(int day, long startsAt) implements Attack {

    private static final long MINUTE = 60;
    private static final long[] CHARGES = {30_000, 40_000, 50_000, 50_000};

    @Override
    public CampaignKind kind() {
        return CampaignKind.TOPUP_BURST;
    }

    @Override
    public void carryOut(Customer victim, Geography geography, List<SimEvent> out) {
        Dice dice = victim.dice();
        String handset = dice.hexId("dev-");
        String ip = Population.mobileAddress(dice);
        String funding = TopUpThenSpend.attackerFunding(victim);
        long target = Math.round(dice.uniform(250_000, 350_000));
        long at = startsAt;
        long charged = 0;
        while (charged < target) {
            long charge = dice.pick(CHARGES);
            out.add(SimEvent.charge(at, victim, handset, charge, funding, ip, kind()));
            victim.ledger().schedule(at, charge);
            charged += charge;
            at += dice.between(30, 3 * MINUTE);
        }
        long budget = Math.min(victim.ledger().spendable(startsAt) + charged, Math.round(charged * dice.uniform(0.6, 0.95)));
        new Spree(handset, geography.farFrom(victim, dice), Store.Kind.CONVENIENCE, at + dice.between(5 * MINUTE, 30 * MINUTE),
                dice.between(3, 5), 2, 10, Loot.Kind.MIXED).spend(victim, geography.tills(), budget, kind(), out);
    }
}
