package dev.riskgate.rules.facts;

/**
 * What the account usually spends: its settled purchases over the profile period ({@code samples},
 * {@code median}, {@code usualHigh} (the {@code profile.high_quantile} quantile), {@code max}; all 0 without samples). Top-ups are never compared with
 * purchases: a customer tops up ¥30,000 and spends it ¥500 at a time.
 */
public record PurchaseProfile(int samples, double median, double usualHigh, double max) {
}
