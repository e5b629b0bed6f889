package dev.riskgate.simulate;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Where the simulated customers live and shop: districts in the prefectures where most wallet users
 * are, each with convenience stores and a few other shops, plus a handful of online shops.
 */
final class Geography {

    /** JIS prefecture code and its share of districts: the big metropolitan areas first. */
    private static final int[] PREFECTURES = {13, 14, 11, 12, 27, 23, 28, 40, 1, 26, 4, 34, 22, 8, 15};
    private static final double[] PREFECTURE_SHARES =
            {.26, .10, .07, .06, .09, .07, .05, .05, .05, .03, .03, .03, .04, .03, .02};
    /** Saitama, Chiba and Kanagawa commute into Tokyo. */
    private static final Set<Integer> TOKYO_COMMUTER_BELT = Set.of(11, 12, 14);
    private static final int ONLINE_SHOPS = 30;

    private final List<District> districts;
    private final Map<Integer, List<District>> byPrefecture;
    private final List<Store> online;
    private final Tills tills;

    private Geography(List<District> districts, List<Store> online, Tills tills) {
        this.districts = districts;
        this.tills = tills;
        this.byPrefecture = districts.stream().collect(Collectors.groupingBy(District::prefecture));
        this.online = online;
    }

    /** About one district per 50 accounts, so a convenience store sees a couple of dozen regulars. */
    static Geography build(int accounts, Tills tills, Dice dice) {
        int total = Math.max(40, Math.min(3000, accounts / 50));
        List<District> districts = new ArrayList<>();
        for (int p = 0; p < PREFECTURES.length; p++) {
            int count = Math.max(1, (int) Math.round(PREFECTURE_SHARES[p] * total));
            for (int n = 1; n <= count; n++) {
                districts.add(district(PREFECTURES[p], n, tills, dice));
            }
        }
        List<Store> online = new ArrayList<>();
        for (int n = 1; n <= ONLINE_SHOPS; n++) {
            online.add(new Store(String.format("store-ec-%04d", n), 0, 0, Store.Kind.ONLINE, tills.drawVendor(dice)));
        }
        return new Geography(List.copyOf(districts), List.copyOf(online), tills);
    }

    private static District district(int prefecture, int number, Tills tills, Dice dice) {
        List<Store> stores = new ArrayList<>();
        addStores(stores, prefecture, number, Store.Kind.CONVENIENCE, dice.between(4, 8), tills, dice);
        addStores(stores, prefecture, number, Store.Kind.SUPERMARKET, dice.between(1, 2), tills, dice);
        addStores(stores, prefecture, number, Store.Kind.DRUGSTORE, dice.between(1, 2), tills, dice);
        addStores(stores, prefecture, number, Store.Kind.RESTAURANT, dice.between(1, 3), tills, dice);
        addStores(stores, prefecture, number, Store.Kind.ELECTRONICS, dice.chance(0.3) ? 1 : 0, tills, dice);
        return District.of(prefecture, number, stores);
    }

    private static void addStores(List<Store> stores, int prefecture, int district, Store.Kind kind, int count,
                                  Tills tills, Dice dice) {
        for (int i = 0; i < count; i++) {
            String id = String.format("store-%02d%03d-%02d", prefecture, district, stores.size() + 1);
            stores.add(new Store(id, prefecture, district, kind, tills.drawVendor(dice)));
        }
    }

    /** What the shops' tills send, and which brands they stock. */
    Tills tills() {
        return tills;
    }

    District randomDistrict(Dice dice) {
        return dice.pick(districts);
    }

    /** Where someone living in {@code home} works: often the same district, else nearby or in Tokyo. */
    District workplaceFor(District home, Dice dice) {
        if (dice.chance(0.5)) {
            return home;
        }
        int prefecture = TOKYO_COMMUTER_BELT.contains(home.prefecture()) && dice.chance(0.5) ? 13 : home.prefecture();
        return districtIn(prefecture, dice);
    }

    District districtIn(int prefecture, Dice dice) {
        return dice.pick(byPrefecture.get(prefecture));
    }

    /** A district in a prefecture the customer neither lives nor works in. */
    District farFrom(Customer customer, Dice dice) {
        for (int tries = 0; tries < 200; tries++) {
            District d = dice.pick(districts);
            if (d.prefecture() != customer.home().prefecture() && d.prefecture() != customer.work().prefecture()) {
                return d;
            }
        }
        throw new IllegalStateException("every district is in the customer's prefectures");
    }

    /** A store of the kind in the district, or its first store if it has none of that kind. */
    static Store storeIn(District district, Store.Kind kind, Dice dice) {
        List<Store> ofKind = district.stores(kind);
        return ofKind.isEmpty() ? district.stores().get(0) : dice.pick(ofKind);
    }

    Store onlineShop(Dice dice) {
        return dice.pick(online);
    }
}
