package dev.riskgate.replay;

import dev.riskgate.rules.RulePack;
import dev.riskgate.scoring.SettledImport;
import dev.riskgate.state.StateStore;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Loads past settled events into a store, in event-time order, so scoring starts with history: the
 * {@code import} command on the live store and evaluate's warm worlds on a scratch one.
 */
public final class HistoryImport {

    /** What an import did: recorded, already known to the store, or not settled (money never moved). */
    public record Counts(long imported, long alreadyKnown, long notSettled) {
        public long seen() {
            return imported + alreadyKnown + notSettled;
        }
    }

    private HistoryImport() {
    }

    /**
     * @param progress where a progress line goes every ~5% (null for none)
     */
    public static Counts run(StateStore store, RulePack pack, List<ReplayEvent> events, PrintStream progress) {
        requireCurrencies(pack, events);
        SettledImport recorder = new SettledImport(store, () -> pack);
        long imported = 0;
        long known = 0;
        long notSettled = 0;
        int every = Math.max(1000, events.size() / 20);
        long started = System.nanoTime();
        for (int i = 0; i < events.size(); i++) {
            ReplayEvent e = events.get(i);
            if (!e.settled()) {
                notSettled++;
            } else if (recorder.record(e.request())) {
                imported++;
            } else {
                known++;
            }
            int done = i + 1;
            if (progress != null && (done % every == 0 || done == events.size())) {
                double rate = done / Math.max(1e-9, (System.nanoTime() - started) / 1e9);
                progress.printf("import: %,d/%,d (%.0f%%), %,.0f events/s%n", done, events.size(),
                        100.0 * done / events.size(), rate);
            }
        }
        return new Counts(imported, known, notSettled);
    }

    /**
     * Refuses the whole file, before anything is recorded or scored, when {@code pack} does not take a
     * currency in it: the live API would have refused those events (import and replay share this).
     */
    static void requireCurrencies(RulePack pack, List<ReplayEvent> events) {
        Map<String, Long> refused = new TreeMap<>();
        for (ReplayEvent e : events) {
            String currency = e.request().currency();
            if (!pack.currencies().accepted().contains(currency)) {
                refused.merge(currency, 1L, Long::sum);
            }
        }
        if (!refused.isEmpty()) {
            throw new IllegalArgumentException("rule pack " + pack.version() + " does not accept the currency of "
                    + "some events: " + refused + " (events per currency); it accepts "
                    + new TreeSet<>(pack.currencies().accepted()) + " (currencies in its parameters.properties)");
        }
    }
}
