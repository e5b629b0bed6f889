package dev.riskgate.simulate;

import dev.riskgate.event.LineItem;
import java.util.ArrayList;
import java.util.List;

/**
 * The goods a crew turns a stolen balance into. Every item counts as a resale good (a listed SKU or a
 * resale category): what a thief buys is what resells.
 */
final class Loot {

    enum Kind { CARTONS, GIFT_CARDS, MIXED, ONE_CARTON }

    private static final long[] GIFT_VALUES = {3000, 5000, 10_000, 10_000, 20_000, 30_000, 50_000};

    private Loot() {
    }

    /** A basket worth at most {@code budget}; empty if not even one item fits. */
    static List<LineItem> basket(Kind kind, Goods.Brand brand, long budget, Dice dice) {
        Kind actual = kind == Kind.MIXED ? (dice.chance(0.6) ? Kind.CARTONS : Kind.GIFT_CARDS) : kind;
        List<LineItem> items = new ArrayList<>();
        long left = budget;
        if (actual == Kind.ONE_CARTON) {
            if (left >= brand.cartonPrice()) {
                items.add(Goods.cartons(brand, 1));
                left -= brand.cartonPrice();
            }
        } else if (actual == Kind.CARTONS) {
            if (dice.chance(0.25) && left >= 15_000) {
                LineItem kit = Goods.eCigaretteKit(dice.between(1, 2), dice);
                if (Goods.cost(kit) <= left / 2) {
                    items.add(kit);
                    left -= Goods.cost(kit);
                }
            }
            int cartons = (int) Math.min(30, left / brand.cartonPrice());
            if (cartons > 0) {
                items.add(Goods.cartons(brand, cartons));
                left -= cartons * brand.cartonPrice();
            }
        } else {
            long value = dice.pick(GIFT_VALUES);
            for (int i = 0; value > left && i < 5; i++) {
                value = dice.pick(GIFT_VALUES);
            }
            int cards = (int) Math.min(10, left / value);
            if (cards > 0) {
                items.add(Goods.giftCard(value, cards, dice));
                left -= cards * value;
            }
            // A variable-value card soaks up what is left, as a thief would.
            if (left >= 3000 && dice.chance(0.5)) {
                items.add(Goods.giftCard(left / 1000 * 1000, 1, dice));
                left -= left / 1000 * 1000;
            }
        }
        if (!items.isEmpty() && left >= 300 && dice.chance(0.4)) {
            LineItem extra = Goods.extra(dice);
            if (Goods.cost(extra) <= left) {
                items.add(extra);
            }
        }
        return items;
    }

    /** A carton brand a crew favours: what the shops of its world stock, listed or not. */
    static Goods.Brand brand(Tills tills, Dice dice) {
        return Goods.brand(tills.listedBrandShare(), dice);
    }

    /** Splits {@code total} into {@code parts} uneven shares. */
    static long[] split(long total, int parts, Dice dice) {
        double[] weights = new double[parts];
        double sum = 0;
        for (int i = 0; i < parts; i++) {
            weights[i] = dice.uniform(0.6, 1.4);
            sum += weights[i];
        }
        long[] shares = new long[parts];
        long given = 0;
        for (int i = 0; i < parts - 1; i++) {
            shares[i] = (long) (total * weights[i] / sum);
            given += shares[i];
        }
        shares[parts - 1] = total - given;
        return shares;
    }
}
