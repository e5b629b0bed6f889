package dev.riskgate.state;

/** Resale-prone goods in one basket, per group the rule pack lists (tobacco, gift cards, ...). */
public record Resale(String group, double units, double amount) {
}
