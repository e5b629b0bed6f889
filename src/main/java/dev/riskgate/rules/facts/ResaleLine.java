package dev.riskgate.rules.facts;

/**
 * Resale goods in the current basket, one fact per group. {@code units} are the group's measure:
 * cartons for tobacco (a SKU listed in resale-goods.csv counts as the list says; any other item counts
 * by its value, {@code tobacco.carton_value} yen to a carton, so ten ¥600 packs are 1.2 cartons), items
 * for gift cards, whose rules look at {@code amount}.
 */
public record ResaleLine(Goods goods, double units, double amount) {
}
