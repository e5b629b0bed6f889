package dev.riskgate.simulate;

import java.util.EnumMap;
import java.util.Map;

/**
 * How many accounts each kind of campaign takes over, as a share of the population, and how many
 * accounts a mule crew works through one handset. Every kind with a share appears at least once in a
 * population of {@link #EVERY_KIND_FROM} accounts or more, so a small run still exercises the whole pack.
 */
public record CampaignMix(Map<CampaignKind, Double> victimShares, int muleMinAccounts, int muleMaxAccounts) {

    public static final int EVERY_KIND_FROM = 100;

    /** About 4.5% of accounts are taken over; the mule crews take the most, in groups of 5 to 8. */
    public static final CampaignMix DEFAULT = new CampaignMix(Map.of(
            CampaignKind.TAKEOVER_DRAIN, 0.010,
            CampaignKind.MULE_HANDSET, 0.010,
            CampaignKind.TOPUP_LATE_SPEND, 0.005,
            CampaignKind.BALANCE_DRAIN, 0.005,
            CampaignKind.TAKEOVER_SPOOFED_DEVICE, 0.005,
            CampaignKind.CLONED_DEVICE, 0.003,
            CampaignKind.TOPUP_BURST, 0.003,
            CampaignKind.GIFT_CARD_DRAIN, 0.003,
            CampaignKind.SINGLE_CARTON_DRAIN, 0.003), 5, 8);

    /** July 2019: bursts of top-ups, cloned ids and mule handsets working 7 or 8 accounts each. */
    public static final CampaignMix SEVEN_PAY = new CampaignMix(Map.of(
            CampaignKind.TAKEOVER_DRAIN, 0.008,
            CampaignKind.MULE_HANDSET, 0.016,
            CampaignKind.TAKEOVER_SPOOFED_DEVICE, 0.004,
            CampaignKind.CLONED_DEVICE, 0.008,
            CampaignKind.TOPUP_BURST, 0.010,
            CampaignKind.BALANCE_DRAIN, 0.003), 7, 8);

    /** Quieter crews: night-time gift-card drains, carton-by-carton drains and cloned ids, little else. */
    public static final CampaignMix LOW_AND_SLOW = new CampaignMix(Map.of(
            CampaignKind.GIFT_CARD_DRAIN, 0.010,
            CampaignKind.SINGLE_CARTON_DRAIN, 0.010,
            CampaignKind.CLONED_DEVICE, 0.008,
            CampaignKind.BALANCE_DRAIN, 0.005,
            CampaignKind.TOPUP_LATE_SPEND, 0.005), 5, 8);

    /**
     * Crews that know a pack has thresholds: top-ups split small from an unseen handset, and the usual
     * takeover drains, balance drains and single cartons beside them.
     */
    public static final CampaignMix SPLITTERS = new CampaignMix(Map.of(
            CampaignKind.SPLIT_TOP_UPS, 0.012,
            CampaignKind.TAKEOVER_DRAIN, 0.006,
            CampaignKind.SINGLE_CARTON_DRAIN, 0.005,
            CampaignKind.BALANCE_DRAIN, 0.003,
            CampaignKind.MULE_HANDSET, 0.006), 5, 8);

    public CampaignMix {
        EnumMap<CampaignKind, Double> copy = new EnumMap<>(CampaignKind.class);
        for (CampaignKind kind : CampaignKind.values()) {
            double share = victimShares.getOrDefault(kind, 0.0);
            if (!(share >= 0 && share <= 0.2)) {
                throw new IllegalArgumentException("victim share of " + kind.label() + " must be in the range [0, 0.2], was " + share);
            }
            copy.put(kind, share);
        }
        victimShares = Map.copyOf(copy);
        if (muleMinAccounts < 2 || muleMaxAccounts < muleMinAccounts || muleMaxAccounts > 20) {
            throw new IllegalArgumentException("mule crews work 2 <= min <= max <= 20 accounts, was "
                    + muleMinAccounts + " to " + muleMaxAccounts);
        }
    }

    /** Victims of this kind in a population: the share, rounded, and at least one in a large enough population. */
    int victims(CampaignKind kind, int accounts) {
        double share = victimShares.get(kind);
        long n = Math.round(share * accounts);
        return (int) (share > 0 && n == 0 && accounts >= EVERY_KIND_FROM ? 1 : n);
    }
}
