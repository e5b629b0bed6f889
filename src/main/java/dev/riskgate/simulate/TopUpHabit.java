package dev.riskgate.simulate;

/** How a world's customers top their wallets up; each customer's own style is drawn from it. */
public enum TopUpHabit {
    /** Most top up just before paying, some keep a small floor, a few a healthy balance. */
    MIXED(0.6, 0.3, 0.1, 0),
    /** Nearly everyone tops up only when a payment would not fit, minutes before it. */
    JUST_IN_TIME(0.9, 0.1, 0, 0),
    /** Most top up a large round amount (¥10,000 to ¥50,000, often ¥30,000) when the balance runs low. */
    ROUND_AMOUNTS(0.15, 0.1, 0.1, 0.65);

    private final double[] styleWeights;

    TopUpHabit(double... styleWeights) {
        this.styleWeights = styleWeights;
    }

    /** Weights of {@link Persona.TopUpStyle}, in order. */
    double[] styleWeights() {
        return styleWeights.clone();
    }
}
