package dev.riskgate.rules.facts;

/**
 * What the account usually charges or spends: settled events of the current event's type over the
 * profile period ({@code samples}, {@code median}, {@code p90}, {@code max}; all 0 without samples),
 * and the largest settled amount of any type ({@code allSamples}, {@code allMax}).
 */
public record AmountProfile(String type, int samples, double median, double p90, double max, int allSamples, double allMax) {
}
