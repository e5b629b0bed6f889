package dev.riskgate.simulate;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The kind of wallet traffic to simulate: what the tills send, how customers top up and live, which
 * crews attack, how many days of history exist before scoring starts (loaded through import, for a
 * warm start), and the share of attackers who pass the second factor with a phished code. The presets
 * model shops and customers, never what a rule needs.
 */
public record World(String name, String description, Tills tills, TopUpHabit topUps, Life life,
                    CampaignMix attacks, int warmDays, double phishedShare) {

    public static final double DEFAULT_PHISHED_SHARE = 0.3;

    public static final World BASELINE = new World("baseline",
            "tills spell categories as the catalogue does, half the brands listed; mixed top-ups; every attack kind; cold start",
            Tills.CANONICAL, TopUpHabit.MIXED, Life.QUIET, CampaignMix.DEFAULT, 0, DEFAULT_PHISHED_SHARE);
    public static final World VENDOR_TILLS = new World("vendor-tills",
            "five till vendors' category spellings, one till in seven sends none, nine pack and carton SKUs in ten unlisted",
            Tills.VENDOR_MIX, TopUpHabit.MIXED, Life.QUIET, CampaignMix.DEFAULT, 0, DEFAULT_PHISHED_SHARE);
    public static final World ROUND_TOP_UPS = new World("round-top-ups",
            "most customers top up ¥10,000-50,000 (often ¥30,000) when the balance runs low, then spend it over days",
            Tills.CANONICAL, TopUpHabit.ROUND_AMOUNTS, Life.QUIET, CampaignMix.DEFAULT, 0, DEFAULT_PHISHED_SHARE);
    public static final World EVENTFUL_LIFE = new World("eventful-life",
            "new phones, trips, big electronics and legitimate gift cards three times as often, more smokers",
            Tills.CANONICAL, TopUpHabit.MIXED, Life.EVENTFUL, CampaignMix.DEFAULT, 0, DEFAULT_PHISHED_SHARE);
    public static final World SEVEN_PAY = new World("7pay",
            "July 2019: top-up bursts, cloned device ids, mule handsets working 7-8 accounts, takeover drains",
            Tills.CANONICAL, TopUpHabit.MIXED, Life.QUIET, CampaignMix.SEVEN_PAY, 0, DEFAULT_PHISHED_SHARE);
    public static final World LOW_AND_SLOW = new World("low-and-slow",
            "night-time gift-card drains and one-carton-at-a-time drains at far stores, cloned ids, vendor tills",
            Tills.VENDOR_MIX, TopUpHabit.MIXED, Life.QUIET, CampaignMix.LOW_AND_SLOW, 0, DEFAULT_PHISHED_SHARE);
    public static final World BIG_TICKETS = new World("big-tickets",
            "every owner buys something big (¥20,000+) at least monthly on their own phone, topping up exactly its price at the till; crews split top-ups small",
            Tills.VENDOR_MIX, TopUpHabit.MIXED, Life.BIG_TICKETS, CampaignMix.SPLITTERS, 0, DEFAULT_PHISHED_SHARE);
    public static final World REAL_MONTH = new World("real-month",
            "everything at once, like the independent month: vendor tills, round top-ups, eventful lives, every attack; cold",
            Tills.VENDOR_MIX, TopUpHabit.ROUND_AMOUNTS, Life.EVENTFUL, CampaignMix.DEFAULT, 0, DEFAULT_PHISHED_SHARE);
    public static final World REAL_MONTH_WARM = new World("real-month-warm",
            "real-month after 30 days of settled history loaded through import",
            Tills.VENDOR_MIX, TopUpHabit.ROUND_AMOUNTS, Life.EVENTFUL, CampaignMix.DEFAULT, 30, DEFAULT_PHISHED_SHARE);

    private static final Map<String, World> PRESETS = new LinkedHashMap<>();

    static {
        for (World w : List.of(BASELINE, VENDOR_TILLS, ROUND_TOP_UPS, EVENTFUL_LIFE, SEVEN_PAY, LOW_AND_SLOW,
                BIG_TICKETS, REAL_MONTH, REAL_MONTH_WARM)) {
            PRESETS.put(w.name(), w);
        }
    }

    public World {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a world needs a name");
        }
        if (warmDays < 0 || warmDays > 365) {
            throw new IllegalArgumentException("warmDays must be in the range [0, 365], was " + warmDays);
        }
        if (!(phishedShare >= 0 && phishedShare <= 1)) {
            throw new IllegalArgumentException("phishedShare must be in the range [0, 1], was " + phishedShare);
        }
    }

    /** The presets, in the order the matrix reports them. */
    public static List<World> presets() {
        return List.copyOf(PRESETS.values());
    }

    /** A preset by name. */
    public static World named(String name) {
        World w = PRESETS.get(name);
        if (w == null) {
            throw new IllegalArgumentException("no world named '" + name + "'; the worlds are " + PRESETS.keySet());
        }
        return w;
    }

    public World withPhishedShare(double share) {
        return new World(name, description, tills, topUps, life, attacks, warmDays, share);
    }

    public World withWarmDays(int days) {
        return new World(name, description, tills, topUps, life, attacks, days, phishedShare);
    }
}
