package dev.riskgate.simulate;

/**
 * How eventful ordinary customers' lives are: how often they change handsets, travel, buy something
 * big or a gift card, and how many smoke (by the pack, or by the carton). Factors scale each
 * customer's drawn rates. {@code paidBigTicketsPerDay}: every customer's rate of big purchases (¥20,000
 * and up: electronics, toys, gift cards) on their own phone at a store they know, paid by a top-up of
 * exactly the amount minutes before at the till, on top of the big purchases above.
 */
public record Life(double phoneSwitchPerDay, double tripFactor, double bigTicketFactor, double giftCardFactor,
                   double packSmokers, double cartonSmokers, double paidBigTicketsPerDay) {

    /** Handsets last a couple of years; one in eight smokes packs, one in sixteen buys cartons. */
    public static final Life QUIET = new Life(1 / 500.0, 1, 1, 1, 0.12, 0.06, 0);
    /** New phones every few months, trips, big electronics and gift cards three times as often, more smokers. */
    public static final Life EVENTFUL = new Life(1 / 150.0, 3, 3, 3, 0.18, 0.07, 0);
    /** A quiet life, but every owner buys something big at least once a month, topping up exactly its price first. */
    public static final Life BIG_TICKETS = new Life(1 / 500.0, 1, 1, 1, 0.12, 0.06, 1 / 20.0);

    public Life {
        if (!(phoneSwitchPerDay >= 0 && phoneSwitchPerDay <= 0.2)) {
            throw new IllegalArgumentException("phoneSwitchPerDay must be in the range [0, 0.2], was " + phoneSwitchPerDay);
        }
        for (double f : new double[] {tripFactor, bigTicketFactor, giftCardFactor}) {
            if (!(f >= 0 && f <= 10)) {
                throw new IllegalArgumentException("life factors must be in the range [0, 10], was " + f);
            }
        }
        if (!(paidBigTicketsPerDay >= 0 && paidBigTicketsPerDay <= 0.5)) {
            throw new IllegalArgumentException("paidBigTicketsPerDay must be in the range [0, 0.5], was " + paidBigTicketsPerDay);
        }
        if (!(packSmokers >= 0 && cartonSmokers >= 0 && packSmokers + cartonSmokers <= 0.6)) {
            throw new IllegalArgumentException("smoker shares must be non-negative and add up to at most 0.6, were "
                    + packSmokers + " and " + cartonSmokers);
        }
    }
}
