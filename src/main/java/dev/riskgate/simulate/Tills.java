package dev.riskgate.simulate;

import dev.riskgate.event.LineItem;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What the shops' tills send. Every shop runs one vendor's till, and each vendor spells categories its
 * own way, or sends none at all; most pack SKUs are nobody's list. {@code listedBrandShare} is how
 * often a smoker's or a crew's brand is one whose SKUs {@code rules/resale-goods.csv} lists;
 * {@code vendorShares} weighs the vendors of {@link Vendor}, in order.
 */
public record Tills(double listedBrandShare, List<Double> vendorShares) {

    /** How one vendor's till names the goods; {@code SILENT} sends no category. */
    enum Vendor {
        CANONICAL(Map.of()),
        TITLE_CASE(Map.of("tobacco", "Tobacco", "heated-tobacco", "Heated Tobacco", "e-cigarette", "E-Cigarette",
                "gift_card", "Gift Card", "prepaid_card", "Prepaid Card")),
        PLAIN(Map.of("tobacco", "cigarettes", "heated-tobacco", "heatsticks", "e-cigarette", "vape",
                "gift_card", "giftcard", "prepaid_card", "prepaid")),
        HYPHENATED(Map.of("gift_card", "gift-card", "prepaid_card", "e-money card", "heated-tobacco", "heat-not-burn")),
        SILENT(Map.of());

        private final Map<String, String> spelling;

        Vendor(Map<String, String> spelling) {
            this.spelling = spelling;
        }

        String spell(String category) {
            if (category == null || this == SILENT) {
                return null;
            }
            String own = spelling.get(category);
            if (own != null) {
                return own;
            }
            return this == TITLE_CASE ? category.substring(0, 1).toUpperCase(Locale.ROOT) + category.substring(1) : category;
        }
    }

    /** Every till spells categories as the shipped catalogue does, and half the brands are listed. */
    public static final Tills CANONICAL = new Tills(0.5, List.of(1.0, 0.0, 0.0, 0.0, 0.0));
    /** Five vendors, one in seven tills sends no category, and nine brands in ten are nobody's list. */
    public static final Tills VENDOR_MIX = new Tills(0.1, List.of(0.3, 0.2, 0.2, 0.16, 0.14));

    public Tills {
        if (!(listedBrandShare >= 0 && listedBrandShare <= 1)) {
            throw new IllegalArgumentException("listedBrandShare must be in the range [0, 1], was " + listedBrandShare);
        }
        if (vendorShares.size() != Vendor.values().length || vendorShares.stream().anyMatch(s -> !(s >= 0))
                || vendorShares.stream().mapToDouble(Double::doubleValue).sum() <= 0) {
            throw new IllegalArgumentException("vendorShares must be " + Vendor.values().length
                    + " non-negative weights, not all zero, was " + vendorShares);
        }
        vendorShares = List.copyOf(vendorShares);
    }

    Vendor drawVendor(Dice dice) {
        return Vendor.values()[dice.pickIndex(vendorShares.stream().mapToDouble(Double::doubleValue).toArray())];
    }

    /** The basket as the store's till sends it. */
    static List<LineItem> ring(Store store, List<LineItem> items) {
        if (store.till() == Vendor.CANONICAL) {
            return items;
        }
        List<LineItem> sent = new ArrayList<>(items.size());
        for (LineItem item : items) {
            sent.add(new LineItem(item.sku(), store.till().spell(item.category()), item.quantity(), item.unitPrice()));
        }
        return sent;
    }
}
