package dev.riskgate.rules.facts;

/**
 * What the account usually charges or spends (settled events of the current event's type over the
 * profile period). With {@code samples} = 0 the other fields are 0.
 */
public record AmountProfile(String type, int samples, double median, double p90, double max) {
}
