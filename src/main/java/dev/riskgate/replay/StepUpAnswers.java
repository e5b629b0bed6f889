package dev.riskgate.replay;

/**
 * How a stepped-up customer answers the second factor in a backtest: a legitimate customer passes, an
 * attacker fails unless they phished the code, which a {@code phishedShare} of them did. The code is the
 * victim's (it reaches the victim's phone), so whether an attacker has it is drawn once per victim
 * account, from the seed and the account id: a phisher passes every step-up on that account, the others
 * none. A run is repeatable, and two packs replayed on the same stream meet the same attackers.
 */
public record StepUpAnswers(double phishedShare, long seed) {

    /** Every attacker fails the second factor. */
    public static final StepUpAnswers NOBODY_PHISHED = new StepUpAnswers(0, 0);

    public StepUpAnswers {
        if (!(phishedShare >= 0 && phishedShare <= 1)) {
            throw new IllegalArgumentException("phishedShare must be in the range [0, 1], was " + phishedShare);
        }
    }

    /**
     * The assumption in words, as every report's header states it (replay's and evaluate's), with the
     * option that sets it.
     */
    public static String assumption(double phishedShare) {
        return String.format("second factor: %s of stepped-up attackers pass it with a phished code, drawn once per "
                + "victim account; legitimate customers pass (--phished %s)", percent(phishedShare),
                java.math.BigDecimal.valueOf(phishedShare).stripTrailingZeros().toPlainString());
    }

    private static String percent(double share) {
        return java.math.BigDecimal.valueOf(share * 100).setScale(1, java.math.RoundingMode.HALF_UP)
                .stripTrailingZeros().toPlainString() + "%";
    }

    public boolean passes(String accountId, boolean fraud) {
        if (!fraud) {
            return true;
        }
        if (phishedShare == 0) {
            return false;
        }
        // splitmix64 of seed and id: an even draw in [0, 1) that no other random stream shifts.
        long z = seed * 0x9E3779B97F4A7C15L + accountId.hashCode();
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z ^= z >>> 31;
        return (z >>> 11) * 0x1.0p-53 < phishedShare;
    }
}
