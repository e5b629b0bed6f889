package dev.riskgate.state;

import java.time.Instant;

/** How often the account has settled a purchase at a store, and when it first and last did. */
public record StoreVisit(String storeId, int visits, Instant firstVisit, Instant lastVisit) {
}
