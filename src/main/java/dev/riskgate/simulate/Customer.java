package dev.riskgate.simulate;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One wallet account and the person behind it: habits, home and work, usual shops, devices, balance,
 * and the takeover waiting for it, if any. Mutable, and touched by one thread at a time.
 */
final class Customer {

    private final String accountId;
    private final Persona persona;
    private final Dice dice;
    private final District home;
    private final District work;
    private final List<Store> usualStores;
    private final double[] usualWeights;
    private final List<Store> onlineShops;
    private final String tablet;
    private final int joinDay;
    private final Goods.Brand brand;
    private final String ipPrefix;
    private final Ledger ledger = new Ledger();
    private final Set<Store> visited = new HashSet<>();
    private String phone;
    private Attack attack;
    private long lastAt;

    Customer(String accountId, Persona persona, Dice dice, District home, District work, List<Store> usualStores,
             double[] usualWeights, List<Store> onlineShops, String tablet, int joinDay, Goods.Brand brand, String ipPrefix) {
        this.accountId = accountId;
        this.persona = persona;
        this.dice = dice;
        this.home = home;
        this.work = work;
        this.usualStores = List.copyOf(usualStores);
        this.usualWeights = usualWeights.clone();
        this.onlineShops = List.copyOf(onlineShops);
        this.tablet = tablet;
        this.joinDay = joinDay;
        this.brand = brand;
        this.ipPrefix = ipPrefix;
        this.phone = dice.hexId("dev-");
        visited.addAll(usualStores);
    }

    String accountId() {
        return accountId;
    }

    Persona persona() {
        return persona;
    }

    Segment segment() {
        return switch (persona.smoking()) {
            case NONE -> Segment.OTHER;
            case PACKS -> Segment.PACK_SMOKER;
            case CARTONS -> Segment.CARTON_SMOKER;
        };
    }

    Dice dice() {
        return dice;
    }

    District home() {
        return home;
    }

    District work() {
        return work;
    }

    Store usualStore() {
        return usualStores.get(dice.pickIndex(usualWeights));
    }

    /** One of the one or two online shops they order from. */
    Store usualOnlineShop() {
        return dice.pick(onlineShops);
    }

    /** The usual store they buy cigarettes at: the first, a convenience store near home. */
    Store corner() {
        return usualStores.get(0);
    }

    /** A tablet, their own or the household's; null if they have none. */
    String tablet() {
        return tablet;
    }

    int joinDay() {
        return joinDay;
    }

    Goods.Brand brand() {
        return brand;
    }

    Ledger ledger() {
        return ledger;
    }

    String phone() {
        return phone;
    }

    /** A new handset: the old one is never used again. */
    void switchPhone() {
        phone = dice.hexId("dev-");
    }

    /** A mobile address from the customer's carrier; it changes from day to day. */
    String ip() {
        return Population.mobileAddress(ipPrefix, dice);
    }

    boolean hasVisited(Store store) {
        return visited.contains(store);
    }

    void visit(Store store) {
        visited.add(store);
    }

    Attack attack() {
        return attack;
    }

    void targetedBy(Attack attack) {
        if (this.attack != null) {
            throw new IllegalStateException(accountId + " is already the victim of a " + this.attack.kind().label());
        }
        this.attack = attack;
    }

    long lastAt() {
        return lastAt;
    }

    void lastAt(long at) {
        lastAt = Math.max(lastAt, at);
    }
}
