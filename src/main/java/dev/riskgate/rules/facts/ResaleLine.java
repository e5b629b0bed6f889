package dev.riskgate.rules.facts;

/**
 * Resale-prone goods in the current basket, one fact per group listed in resale-goods.csv
 * ("tobacco", "gift_card", ...). {@code units} are the list's units (cartons for tobacco).
 */
public record ResaleLine(String group, double units, double amount) {
}
