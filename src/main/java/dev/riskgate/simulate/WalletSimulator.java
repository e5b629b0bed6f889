package dev.riskgate.simulate;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;

/**
 * Simulates a prepaid wallet's customers and the crews that take some of their accounts over, one day
 * at a time: each day's events are generated, sorted by event time and handed on, so a long period
 * streams through in the memory of one day.
 */
public final class WalletSimulator {

    private final SimulationSettings settings;

    public WalletSimulator(SimulationSettings settings) {
        this.settings = settings;
    }

    /** Hands every event to {@code sink} in event-time order. */
    public void run(Consumer<SimEvent> sink) {
        Dice world = new Dice(settings.seed());
        Geography geography = Geography.build(settings.accounts(), settings.world().tills(), world.split());
        List<Customer> customers = Population.draw(settings, geography, world.split());
        CampaignPlanner.plan(customers, settings, geography, world.split());
        DailyRoutine routine = new DailyRoutine(geography, settings.world().life());
        List<SimEvent> day = new ArrayList<>();
        for (int d = 0; d < settings.days(); d++) {
            long start = settings.dayStart(d);
            boolean weekend = settings.weekend(d);
            for (Customer customer : customers) {
                routine.live(customer, d, start, weekend, day);
            }
            // Stable: events at the same second keep the order they happened in for their account.
            day.sort(Comparator.comparingLong(SimEvent::at));
            day.forEach(sink);
            day.clear();
        }
    }
}
