package dev.riskgate.simulate;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Picks the victims and sets the day and hour of every attack before the simulation starts. Victims are
 * customers from day one, attacked after two weeks of history where the period allows, and never
 * during a warm world's imported history.
 */
final class CampaignPlanner {

    private static final long MINUTE = 60;
    private static final long HOUR = 3600;
    private static final int HISTORY_DAYS = 14;

    private final SimulationSettings settings;
    private final Geography geography;
    private final Dice dice;
    private final List<Customer> pool;

    private CampaignPlanner(SimulationSettings settings, Geography geography, Dice dice, List<Customer> customers) {
        this.settings = settings;
        this.geography = geography;
        this.dice = dice;
        this.pool = new ArrayList<>(customers.stream().filter(c -> c.joinDay() == 0).toList());
        for (int i = pool.size() - 1; i > 0; i--) {
            int j = dice.between(0, i);
            pool.set(j, pool.set(i, pool.get(j)));
        }
    }

    static void plan(List<Customer> customers, SimulationSettings settings, Geography geography, Dice dice) {
        CampaignPlanner planner = new CampaignPlanner(settings, geography, dice, customers);
        for (CampaignKind kind : CampaignKind.values()) {
            int victims = settings.campaigns().victims(kind, settings.accounts());
            switch (kind) {
                case MULE_HANDSET -> planner.muleCampaigns(victims);
                case BALANCE_DRAIN -> planner.single(kind, victims,
                        c -> c.persona().topUpStyle() == Persona.TopUpStyle.HEALTHY_BALANCE);
                default -> planner.single(kind, victims, c -> true);
            }
        }
    }

    private void single(CampaignKind kind, int victims, Predicate<Customer> eligible) {
        for (int i = 0; i < victims; i++) {
            Customer victim = take(eligible);
            if (victim == null) {
                return;
            }
            int day = attackDay();
            long start = settings.dayStart(day) + switch (kind) {
                case TOPUP_LATE_SPEND -> dice.between(7 * HOUR, 15 * HOUR + 30 * MINUTE);
                case BALANCE_DRAIN -> dice.between(8 * HOUR, 21 * HOUR);
                // Unusual hours: the victim is asleep and the far store's clerk does not ask.
                case CLONED_DEVICE, GIFT_CARD_DRAIN -> dice.between(HOUR / 2, 4 * HOUR + 30 * MINUTE);
                case SINGLE_CARTON_DRAIN -> dice.between(11 * HOUR, 16 * HOUR);
                case TOPUP_BURST, SPLIT_TOP_UPS -> dice.between(6 * HOUR, 22 * HOUR);
                default -> dice.between(7 * HOUR, 21 * HOUR + 30 * MINUTE);
            };
            victim.targetedBy(switch (kind) {
                case BALANCE_DRAIN -> new BalanceDrain(day, start);
                case TOPUP_BURST -> new TopUpBurst(day, start);
                case SPLIT_TOP_UPS -> new SplitTopUps(day, start);
                case GIFT_CARD_DRAIN, SINGLE_CARTON_DRAIN -> new NightDrain(kind, day, start);
                default -> new TopUpThenSpend(kind, day, start);
            });
        }
    }

    private void muleCampaigns(int victims) {
        int least = settings.campaigns().muleMinAccounts();
        int most = settings.campaigns().muleMaxAccounts();
        int campaigns = victims == 0 ? 0 : (int) Math.max(1, Math.round(victims / ((least + most) / 2.0)));
        for (int i = 0; i < campaigns; i++) {
            Store store = Geography.storeIn(geography.randomDistrict(dice), Store.Kind.CONVENIENCE, dice);
            int day = attackDay();
            long at = settings.dayStart(day) + dice.between(9 * HOUR, 20 * HOUR);
            String handset = dice.hexId("dev-");
            String ip = Population.mobileAddress(dice);
            Goods.Brand brand = Loot.brand(geography.tills(), dice);
            int accounts = dice.between(least, most);
            // All of them within the hour, a few minutes per account.
            long longestGap = Math.min(11 * MINUTE, 55 * MINUTE / (accounts - 1));
            for (int n = 0; n < accounts; n++) {
                Customer victim = take(c -> c.home().prefecture() != store.prefecture()
                        && c.work().prefecture() != store.prefecture());
                if (victim == null) {
                    return;
                }
                victim.targetedBy(new MuleVisit(day, at, handset, ip, store, brand, dice.between(2, 4)));
                at += dice.between(3 * MINUTE, longestGap);
            }
        }
    }

    /** Never in a warm world's history: that is what import loads as settled. */
    private int attackDay() {
        int earliest = settings.days() > HISTORY_DAYS ? HISTORY_DAYS : (settings.days() - 1) * 2 / 3;
        return dice.between(Math.max(earliest, settings.world().warmDays()), settings.days() - 1);
    }

    private Customer take(Predicate<Customer> eligible) {
        for (int i = 0; i < pool.size(); i++) {
            if (eligible.test(pool.get(i))) {
                return pool.remove(i);
            }
        }
        return null;
    }
}
