package dev.riskgate.rules.facts;

import java.util.Locale;
import java.util.Optional;

/**
 * The groups of goods thieves buy to resell, each with its own measure: tobacco (cigarettes, heated
 * tobacco, e-cigarettes) in cartons, gift and prepaid cards in yen. categories.csv and resale-goods.csv
 * name a group by {@link #wireName()}.
 */
public enum Goods {
    TOBACCO("tobacco"),
    GIFT_CARD("gift_card");

    private final String wireName;

    Goods(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    /** The group a stored or listed name says; exact names first, as history stores them (the hot path). */
    public static Optional<Goods> of(String name) {
        for (Goods g : VALUES) {
            if (g.wireName.equals(name)) {
                return Optional.of(g);
            }
        }
        String n = name.trim().toLowerCase(Locale.ROOT);
        for (Goods g : VALUES) {
            if (g.wireName.equals(n)) {
                return Optional.of(g);
            }
        }
        return Optional.empty();
    }

    private static final Goods[] VALUES = values();
}
