package dev.riskgate.event;

import java.math.BigDecimal;
import java.util.Objects;

/** One basket line of a purchase. {@code category} may be null: gateways do not always know it. */
public record LineItem(String sku, String category, int quantity, BigDecimal unitPrice) {
    public LineItem {
        Objects.requireNonNull(sku, "sku");
        if (quantity < 1) {
            throw new IllegalArgumentException("quantity must be at least 1, was " + quantity);
        }
        if (unitPrice == null || unitPrice.signum() < 0) {
            throw new IllegalArgumentException("unitPrice must be zero or more");
        }
    }
}
