package dev.riskgate.rules.facts;

/**
 * What the account usually tops up: its settled top-ups over the profile period ({@code samples},
 * {@code median}, {@code max}; 0 without samples), and the wallet's balance before this event as far as
 * settled history tells ({@code balance}: settled top-ups minus settled purchases, never below 0;
 * {@code balanceKnown} is false when the history cannot tell, e.g. purchases paid from money topped up
 * before the history begins).
 */
public record TopUpProfile(int samples, double median, double max, double balance, boolean balanceKnown) {
}
