package dev.riskgate.simulate;

import java.util.List;

/**
 * Takeover with a top-up from the victim's linked card, spent on resale goods at a store the victim
 * never used, far from home: within the hour (takeover-drain, its spoofed-device variant, and the
 * cloned device that does it at night), or hours later (topup-late-spend).
 */
record TopUpThenSpend(CampaignKind kind, int day, long startsAt) implements Attack {

    private static final long MINUTE = 60;

    TopUpThenSpend {
        if (kind != CampaignKind.TAKEOVER_DRAIN && kind != CampaignKind.TAKEOVER_SPOOFED_DEVICE
                && kind != CampaignKind.TOPUP_LATE_SPEND && kind != CampaignKind.CLONED_DEVICE) {
            throw new IllegalArgumentException("a top-up-then-spend attack cannot be a " + kind.label());
        }
    }

    @Override
    public void carryOut(Customer victim, Geography geography, List<SimEvent> out) {
        Dice dice = victim.dice();
        boolean late = kind == CampaignKind.TOPUP_LATE_SPEND;
        long available = victim.ledger().spendable(startsAt);
        // An emulator can present the victim's own device id; otherwise the crew's handset is new to the account.
        boolean cloned = kind == CampaignKind.TAKEOVER_SPOOFED_DEVICE || kind == CampaignKind.CLONED_DEVICE;
        String device = cloned ? victim.phone() : dice.hexId("dev-");
        long charge = late
                ? roundDown((long) dice.logUniform(20_000, 80_000), 5000)
                : roundDown((long) dice.logUniform(20_000, 100_000), dice.chance(0.5) ? 10_000 : 1000);
        out.add(SimEvent.charge(startsAt, victim, device, charge, attackerFunding(victim),
                Population.mobileAddress(dice), kind));
        victim.ledger().schedule(startsAt, charge);

        long budget = Math.min(available + charge, Math.round(charge * dice.uniform(0.78, 1.05)));
        int purchases = budget < 15_000 ? 1 : dice.between(1, 3);
        District far = geography.farFrom(victim, dice);
        Spree spree = late
                ? new Spree(device, far, dice.chance(0.3) ? Store.Kind.ELECTRONICS : Store.Kind.CONVENIENCE,
                        startsAt + dice.between(120 * MINUTE, 360 * MINUTE), purchases, 3, 30,
                        dice.chance(0.5) ? Loot.Kind.GIFT_CARDS : Loot.Kind.CARTONS)
                : new Spree(device, far, Store.Kind.CONVENIENCE, startsAt + dice.between(3 * MINUTE, 40 * MINUTE),
                        purchases, 2, 8, kind == CampaignKind.CLONED_DEVICE ? Loot.Kind.MIXED : Loot.Kind.CARTONS);
        spree.spend(victim, geography.tills(), budget, kind, out);
    }

    /** The crew charges from what the account has linked: the card, or the bank account. */
    static String attackerFunding(Customer victim) {
        return victim.persona().fundingSource().equals("bank") ? "bank" : "card";
    }

    private static long roundDown(long amount, long unit) {
        return Math.max(unit, amount / unit * unit);
    }
}
