package dev.riskgate.simulate;

import dev.riskgate.event.LineItem;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * What the simulated shops sell: everyday baskets from a fixed catalogue, tobacco by the pack or carton,
 * e-cigarette kits, gift cards and the occasional big-ticket item. Items carry the category the shop
 * files them under; the store's till decides how that is spelt, or whether it is sent at all
 * ({@link Tills}). A few brands' SKUs are those listed in {@code rules/resale-goods.csv}; most are not.
 */
final class Goods {

    /** A tobacco brand: a pack of 20 and a carton of 10 packs, each with its own SKU. */
    record Brand(String packSku, String cartonSku, String category, int packPrice) {

        long cartonPrice() {
            return packPrice * 10L;
        }
    }

    private record Shelf(String category, int code, int lowPrice, int highPrice) {
    }

    /** The brands whose pack and carton SKUs resale-goods.csv lists. */
    static final List<Brand> LISTED_BRANDS = List.of(
            new Brand("4902102112956", "4902102112963", "tobacco", 490),
            new Brand("4902102141123", "4902102141130", "tobacco", 520),
            new Brand("4580000000024", "4580000000017", "heated-tobacco", 500));
    /** Most of the shelf: brands nobody listed. A pack is ¥450 to ¥600. */
    static final List<Brand> OTHER_BRANDS = List.of(
            new Brand("4909411200008", "4909411200015", "tobacco", 450),
            new Brand("4909411200046", "4909411200022", "tobacco", 540),
            new Brand("4909411200053", "4909411200039", "tobacco", 600),
            new Brand("4909411200060", "4909411200077", "tobacco", 580),
            new Brand("4909411200084", "4909411200091", "tobacco", 520),
            new Brand("4909411300005", "4909411300012", "heated-tobacco", 470),
            new Brand("4909411300029", "4909411300036", "heated-tobacco", 550));

    private static final Shelf FOOD = new Shelf("food", 10, 110, 598);
    private static final Shelf BEVERAGE = new Shelf("beverage", 11, 98, 248);
    private static final Shelf SNACK = new Shelf("snack", 12, 98, 348);
    private static final Shelf LUNCHBOX = new Shelf("lunchbox", 13, 398, 798);
    private static final Shelf DAILY = new Shelf("daily", 14, 150, 980);
    private static final Shelf ALCOHOL = new Shelf("alcohol", 15, 198, 548);
    private static final Shelf PRODUCE = new Shelf("produce", 16, 98, 498);
    private static final Shelf MEAT_FISH = new Shelf("meat_fish", 17, 298, 1480);
    private static final Shelf COSMETICS = new Shelf("cosmetics", 18, 398, 2980);
    private static final Shelf MEDICINE = new Shelf("medicine", 19, 498, 1980);
    private static final Shelf ACCESSORIES = new Shelf("electronics", 20, 980, 4980);
    private static final Shelf BOOKS = new Shelf("books", 21, 600, 2200);
    private static final Shelf FASHION = new Shelf("fashion", 22, 1200, 5980);
    private static final List<Shelf> CONVENIENCE_SHELVES = List.of(FOOD, BEVERAGE, SNACK, LUNCHBOX, DAILY, ALCOHOL, BEVERAGE, FOOD);
    private static final List<Shelf> SUPERMARKET_SHELVES = List.of(FOOD, BEVERAGE, DAILY, ALCOHOL, PRODUCE, MEAT_FISH, PRODUCE);
    private static final List<Shelf> DRUGSTORE_SHELVES = List.of(DAILY, COSMETICS, MEDICINE, BEVERAGE, SNACK);
    private static final List<Shelf> ELECTRONICS_SHELVES = List.of(ACCESSORIES, DAILY);
    private static final List<Shelf> ONLINE_SHELVES = List.of(BOOKS, DAILY, FASHION);
    private static final int PRODUCTS_PER_SHELF = 400;

    private static final String[] GIFT_BRANDS = {"apple", "google-play", "amazon", "nintendo", "psn"};
    private static final long[] KIT_PRICES = {3980, 4980, 6980, 7980, 9980, 10980};

    private Goods() {
    }

    static long total(List<LineItem> items) {
        long sum = 0;
        for (LineItem item : items) {
            sum += cost(item);
        }
        return sum;
    }

    static long cost(LineItem item) {
        return item.quantity() * item.unitPrice().longValueExact();
    }

    /** An ordinary basket at this kind of shop, worth about {@code target} yen. */
    static List<LineItem> everyday(Store.Kind kind, long target, Dice dice) {
        if (kind == Store.Kind.RESTAURANT) {
            return List.of(item("4500000" + dice.between(100000, 100999), "meal", 1, Math.max(350, target / 10 * 10), dice));
        }
        List<Shelf> shelves = shelves(kind);
        List<LineItem> items = new ArrayList<>();
        long total = 0;
        while (items.isEmpty() || (total < target * 0.85 && items.size() < 6)) {
            Shelf shelf = dice.pick(shelves);
            int product = dice.between(0, PRODUCTS_PER_SHELF - 1);
            int quantity = dice.chance(0.12) ? 2 : 1;
            long price = price(shelf, product);
            items.add(item(sku(shelf, product), shelf.category(), quantity, price, dice));
            total += quantity * price;
        }
        return items;
    }

    /** A drink or a snack to go with something else. */
    static LineItem extra(Dice dice) {
        Shelf shelf = dice.chance(0.7) ? BEVERAGE : SNACK;
        int product = dice.between(0, PRODUCTS_PER_SHELF - 1);
        return item(sku(shelf, product), shelf.category(), 1, price(shelf, product), dice);
    }

    /** A brand a smoker or a crew favours: a listed one with the given chance, else one nobody listed. */
    static Brand brand(double listedShare, Dice dice) {
        return dice.chance(listedShare) ? dice.pick(LISTED_BRANDS) : dice.pick(OTHER_BRANDS);
    }

    /** Packs of 20, rung up under the pack's own SKU. */
    static LineItem packs(Brand brand, int quantity) {
        return new LineItem(brand.packSku(), brand.category(), quantity, BigDecimal.valueOf(brand.packPrice()));
    }

    static LineItem cartons(Brand brand, int quantity) {
        return new LineItem(brand.cartonSku(), brand.category(), quantity, BigDecimal.valueOf(brand.cartonPrice()));
    }

    static LineItem eCigaretteKit(int quantity, Dice dice) {
        int model = dice.between(1, KIT_PRICES.length);
        return new LineItem(String.format("4580000100%03d", model), dice.chance(0.6) ? "e-cigarette" : "heated-tobacco",
                quantity, BigDecimal.valueOf(KIT_PRICES[model - 1]));
    }

    static LineItem giftCard(long value, int quantity, Dice dice) {
        String brand = GIFT_BRANDS[dice.between(0, GIFT_BRANDS.length - 1)];
        return new LineItem("gift-" + brand + "-" + value, dice.chance(0.8) ? "gift_card" : "prepaid_card", quantity,
                BigDecimal.valueOf(value));
    }

    /**
     * A single big-ticket item, priced as the shop would: a TV at an electronics store or online, a
     * concert ticket at a convenience store, a party's shopping at a supermarket.
     */
    static LineItem bigTicket(Store.Kind kind, Dice dice) {
        String category;
        long highest;
        switch (kind) {
            case ELECTRONICS -> { category = "electronics"; highest = 80_000; }
            case ONLINE -> { category = dice.chance(0.6) ? "electronics" : "fashion"; highest = 80_000; }
            case CONVENIENCE -> { category = "ticket"; highest = 30_000; }
            case SUPERMARKET -> { category = "home"; highest = 25_000; }
            case DRUGSTORE -> { category = dice.chance(0.5) ? "cosmetics" : "medicine"; highest = 20_000; }
            case RESTAURANT -> { category = "meal"; highest = 40_000; }
            default -> throw new IllegalArgumentException("no big tickets at " + kind);
        }
        long x = (long) dice.logUniform(10_500, highest);
        long price = dice.chance(0.5) ? x / 1000 * 1000 - 200 : x / 100 * 100;
        return item("4599" + dice.between(100000000, 999999999), category, 1, Math.max(10_000, price), dice);
    }

    /** The shelves a basket is picked from, a shelf listed twice being twice as likely. */
    private static List<Shelf> shelves(Store.Kind kind) {
        return switch (kind) {
            case CONVENIENCE -> CONVENIENCE_SHELVES;
            case SUPERMARKET -> SUPERMARKET_SHELVES;
            case DRUGSTORE -> DRUGSTORE_SHELVES;
            case ELECTRONICS -> ELECTRONICS_SHELVES;
            case ONLINE -> ONLINE_SHELVES;
            case RESTAURANT -> throw new IllegalArgumentException("restaurants sell meals");
        };
    }

    /** A JAN-like code: 45, the shelf's two digits, the product's nine. */
    private static String sku(Shelf shelf, int product) {
        return "45" + (shelf.code() * 1_000_000_000L + product);
    }

    /** A product's shelf price, fixed for the catalogue: 98, 138, 540 and the like. */
    private static long price(Shelf shelf, int product) {
        long h = (shelf.code() * 1_000_003L + product) * 0x9E3779B97F4A7C15L;
        h ^= h >>> 29;
        long raw = shelf.lowPrice() + Math.floorMod(h, shelf.highPrice() - shelf.lowPrice() + 1);
        return Math.max(shelf.lowPrice(), raw / 10 * 10 + ((h & 64) == 0 ? 8 : 0));
    }

    /** Most tills send the item's category; some do not. */
    private static LineItem item(String sku, String category, int quantity, long price, Dice dice) {
        return new LineItem(sku, dice.chance(0.85) ? category : null, quantity, BigDecimal.valueOf(price));
    }
}
