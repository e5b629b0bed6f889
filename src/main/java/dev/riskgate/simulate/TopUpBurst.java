package dev.riskgate.simulate;

import java.util.List;
import java.util.function.ToLongFunction;

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
        burstThenSpree(victim, geography, out, kind(), startsAt, new Shape(250_000, 350_000, dice -> dice.pick(CHARGES), 30,
                0.6, 0.95, 5 * MINUTE, 30 * MINUTE, 5, 10));
    }

    /**
     * How a crew's burst goes: a total to reach, how each top-up is drawn, the least gap between two, the
     * share of the money spent, the wait before the spree, the most stores and items a store in it.
     */
    record Shape(long minTotal, long maxTotal, ToLongFunction<Dice> charge, long minGap, double minSpent,
                 double maxSpent, long minWait, long maxWait, int maxStores, int maxItems) {
    }

    /**
     * Tops the victim's wallet up from a handset new to the account, one charge after another until the
     * total is reached, then spends most of it on resale goods at a store far from the victim's.
     */
    static void burstThenSpree(Customer victim, Geography geography, List<SimEvent> out, CampaignKind kind,
                               long startsAt, Shape shape) {
        Dice dice = victim.dice();
        String handset = dice.hexId("dev-");
        String ip = Population.mobileAddress(dice);
        String funding = TopUpThenSpend.attackerFunding(victim);
        long target = Math.round(dice.uniform(shape.minTotal(), shape.maxTotal()));
        long at = startsAt;
        long charged = 0;
        while (charged < target) {
            long charge = shape.charge().applyAsLong(dice);
            out.add(SimEvent.charge(at, victim, handset, charge, funding, ip, kind));
            victim.ledger().schedule(at, charge);
            charged += charge;
            at += dice.between(shape.minGap(), 3 * MINUTE);
        }
        long budget = Math.min(victim.ledger().spendable(startsAt) + charged,
                Math.round(charged * dice.uniform(shape.minSpent(), shape.maxSpent())));
        new Spree(handset, geography.farFrom(victim, dice), Store.Kind.CONVENIENCE,
                at + dice.between(shape.minWait(), shape.maxWait()), dice.between(3, shape.maxStores()), 2,
                shape.maxItems(), Loot.Kind.MIXED).spend(victim, geography.tills(), budget, kind, out);
    }
}
