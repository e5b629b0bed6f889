package dev.riskgate.simulate;

/**
 * A customer's habits, drawn once: how often and how much they spend, how they top up, whether they
 * smoke, and how often they do something out of the ordinary. Rates are per day.
 */
record Persona(
        double purchasesPerDay,
        double weekendFactor,
        long typicalSpend,
        double spendSpread,
        TopUpStyle topUpStyle,
        long topUpAmount,
        long lowWater,
        String fundingSource,
        Smoking smoking,
        double packDayChance,
        int cartonEveryDays,
        double bigPurchaseChance,
        double giftCardChance,
        double onlineShare,
        double newStoreShare,
        double tripChance,
        double secondDeviceShare,
        DayShape dayShape) {

    enum TopUpStyle {
        /** Tops up only when a payment would not fit, usually minutes before it. */
        JUST_IN_TIME,
        /** Tops up when a payment would leave the balance under a small floor. */
        LOW_WATER,
        /** Keeps tens of thousands of yen in the wallet: what a balance-drain crew looks for. */
        HEALTHY_BALANCE,
        /** Tops up a large round amount (¥10,000 to ¥50,000) when the balance runs low, then spends it over days. */
        ROUND_AMOUNTS
    }

    enum Smoking { NONE, PACKS, CARTONS }

    /** NIGHT: night-shift workers and late-night shoppers, who pay and top up between 22:00 and 05:00. */
    enum DayShape { COMMUTER, DAYTIME, EVENING, NIGHT }

    private static final long[] TOP_UP_DENOMINATIONS = {1000, 2000, 3000, 5000, 10_000, 20_000};

    static Persona draw(Dice dice, TopUpHabit habit, Life life) {
        boolean bigSpender = dice.chance(0.05);
        double perDay = bigSpender ? clamp(dice.logNormal(0.45, 0.5), 0.1, 1.5) : clamp(dice.logNormal(0.75, 0.6), 0.1, 4);
        long typical = bigSpender
                ? Math.round(dice.logUniform(3000, 12_000) / 10) * 10
                : Math.round(clamp(dice.logNormal(600, 0.5), 150, 2000) / 10) * 10;
        TopUpStyle style = TopUpStyle.values()[dice.pickIndex(habit.styleWeights())];
        long topUp = switch (style) {
            case HEALTHY_BALANCE -> dice.pick(30_000, 40_000, 50_000);
            case ROUND_AMOUNTS -> dice.pick(10_000, 10_000, 20_000, 30_000, 30_000, 30_000, 50_000);
            default -> bigSpender ? dice.pick(20_000, 30_000, 50_000) : denominationAtLeast(typical * dice.uniform(2, 8));
        };
        long lowWater = switch (style) {
            case JUST_IN_TIME -> 0;
            case LOW_WATER -> dice.pick(500, 1000, 2000, 3000);
            case HEALTHY_BALANCE -> dice.pick(15_000, 20_000, 30_000);
            case ROUND_AMOUNTS -> dice.pick(300, 500, 1000, 2000);
        };
        Smoking smoking = Smoking.values()[dice.pickIndex(1 - life.packSmokers() - life.cartonSmokers(),
                life.packSmokers(), life.cartonSmokers())];
        return new Persona(
                perDay,
                dice.uniform(0.5, 1.5),
                typical,
                dice.uniform(0.3, 0.7),
                style,
                topUp,
                lowWater,
                new String[] {"card", "bank", "atm"}[dice.pickIndex(0.65, 0.25, 0.10)],
                smoking,
                dice.uniform(0.5, 0.95),
                dice.between(6, 20),
                dice.chance(0.6) ? 0 : life.bigTicketFactor() / dice.logUniform(45, 365),
                dice.chance(0.85) ? 0 : life.giftCardFactor() / dice.uniform(15, 60),
                dice.chance(0.3) ? dice.uniform(0.02, 0.15) : 0,
                dice.uniform(0.02, 0.10),
                life.tripFactor() * dice.uniform(0, 1 / 45.0),
                dice.uniform(0.1, 0.3),
                DayShape.values()[dice.pickIndex(0.46, 0.28, 0.18, 0.08)]);
    }

    private static long denominationAtLeast(double amount) {
        for (long d : TOP_UP_DENOMINATIONS) {
            if (d >= amount) {
                return d;
            }
        }
        return TOP_UP_DENOMINATIONS[TOP_UP_DENOMINATIONS.length - 1];
    }

    private static double clamp(double x, double low, double high) {
        return Math.max(low, Math.min(high, x));
    }
}
