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
        TopUpBurst.burstThenSpree(victim, geography, out, kind(), startsAt, new TopUpBurst.Shape(20_000, 60_000,
                dice -> dice.between(2, 9) * 1000L, 40, 0.8, 1.0, 3 * MINUTE, 20 * MINUTE, 6, 8));
    }
}
