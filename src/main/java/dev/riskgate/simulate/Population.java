package dev.riskgate.simulate;

import java.util.ArrayList;
import java.util.List;

/** Draws the customers: where they live and work, their usual shops, devices and households. */
final class Population {

    /** Mobile carrier address blocks; attackers are on the same networks, so addresses give nothing away. */
    static final List<String> CARRIER_PREFIXES =
            List.of("126.193.", "126.236.", "49.96.", "49.98.", "1.66.", "1.75.", "110.163.", "106.128.", "106.133.", "182.251.");

    private static final double HOUSEHOLD_SHARE = 0.04;
    private static final double TABLET_SHARE = 0.12;
    private static final double JOINS_LATER_SHARE = 0.08;

    private Population() {
    }

    static List<Customer> draw(SimulationSettings settings, Geography geography, Dice world) {
        List<Customer> customers = new ArrayList<>(settings.accounts());
        while (customers.size() < settings.accounts()) {
            boolean household = customers.size() + 2 <= settings.accounts() && world.chance(HOUSEHOLD_SHARE);
            District home = geography.randomDistrict(world);
            if (household) {
                String sharedTablet = world.hexId("dev-");
                customers.add(customer(customers.size(), home, sharedTablet, settings, geography, world.split()));
                customers.add(customer(customers.size(), home, sharedTablet, settings, geography, world.split()));
            } else {
                String tablet = world.chance(TABLET_SHARE) ? world.hexId("dev-") : null;
                customers.add(customer(customers.size(), home, tablet, settings, geography, world.split()));
            }
        }
        return customers;
    }

    /** An address on a random carrier's network. */
    static String mobileAddress(Dice dice) {
        return mobileAddress(dice.pick(CARRIER_PREFIXES), dice);
    }

    static String mobileAddress(String carrierPrefix, Dice dice) {
        return carrierPrefix + dice.between(0, 255) + "." + dice.between(1, 254);
    }

    private static Customer customer(int index, District home, String tablet, SimulationSettings settings,
                                     Geography geography, Dice dice) {
        World w = settings.world();
        Persona persona = Persona.draw(dice, w.topUps(), w.life());
        District work = geography.workplaceFor(home, dice);
        List<Store> usual = new ArrayList<>();
        usual.add(Geography.storeIn(home, Store.Kind.CONVENIENCE, dice));
        if (dice.chance(0.65)) {
            Store second = work != home
                    ? Geography.storeIn(work, Store.Kind.CONVENIENCE, dice)
                    : Geography.storeIn(home, Store.Kind.SUPERMARKET, dice);
            addIfNew(usual, second);
        }
        if (dice.chance(0.3)) {
            Store.Kind kind = dice.chance(0.5) ? Store.Kind.DRUGSTORE : Store.Kind.RESTAURANT;
            addIfNew(usual, Geography.storeIn(dice.chance(0.5) ? home : work, kind, dice));
        }
        double[] weights = usual.size() == 1 ? new double[] {1} : usual.size() == 2 ? new double[] {0.65, 0.35} : new double[] {0.55, 0.3, 0.15};
        int joinDay = settings.days() > 1 && dice.chance(JOINS_LATER_SHARE) ? dice.between(1, settings.days() - 1) : 0;
        Goods.Brand brand = persona.smoking() == Persona.Smoking.NONE ? null : Goods.brand(w.tills().listedBrandShare(), dice);
        List<Store> online = new ArrayList<>(List.of(geography.onlineShop(dice)));
        if (dice.chance(0.4)) {
            addIfNew(online, geography.onlineShop(dice));
        }
        return new Customer(String.format("acct-%07d", index + 1), persona, dice, home, work, usual, weights, online,
                tablet, joinDay, brand, dice.pick(CARRIER_PREFIXES));
    }

    private static void addIfNew(List<Store> stores, Store store) {
        if (!stores.contains(store)) {
            stores.add(store);
        }
    }
}
