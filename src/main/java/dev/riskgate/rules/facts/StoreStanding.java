package dev.riskgate.rules.facts;

/**
 * The current purchase's store as the account knows it: settled purchases there ({@code visits}) and
 * the number of distinct stores the account has settled purchases at. Absent for charges.
 */
public record StoreStanding(String storeId, int visits, int accountStores) {
}
