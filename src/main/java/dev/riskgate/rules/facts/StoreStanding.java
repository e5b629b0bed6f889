package dev.riskgate.rules.facts;

/**
 * The current purchase's store as the account knows it: settled purchases there ({@code visits}), how
 * long ago the first of them was ({@code minutesSinceFirstVisit}, 0 when never), and the number of
 * distinct stores the account has settled purchases at. Absent for charges.
 */
public record StoreStanding(String storeId, int visits, double minutesSinceFirstVisit, int accountStores) {
}
