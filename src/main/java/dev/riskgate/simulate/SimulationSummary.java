package dev.riskgate.simulate;

import dev.riskgate.event.EventType;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/** Counts of what a simulation wrote: events, and per campaign kind the victims, events and money. */
public final class SimulationSummary {

    private static final class Tally {
        final Set<String> victims = new HashSet<>();
        long events;
        long charged;
        long spent;
    }

    private long events;
    private long charges;
    private long purchaseMoney;
    private final Map<CampaignKind, Tally> fraud = new EnumMap<>(CampaignKind.class);

    void count(SimEvent e) {
        events++;
        if (e.type() == EventType.CHARGE) {
            charges++;
        }
        if (!e.fraud()) {
            if (e.type() == EventType.PURCHASE) {
                purchaseMoney += e.amount();
            }
            return;
        }
        Tally t = fraud.computeIfAbsent(e.campaign(), k -> new Tally());
        t.victims.add(e.accountId());
        t.events++;
        if (e.type() == EventType.CHARGE) {
            t.charged += e.amount();
        } else {
            t.spent += e.amount();
        }
    }

    public long events() {
        return events;
    }

    public long fraudEvents() {
        return fraud.values().stream().mapToLong(t -> t.events).sum();
    }

    public long fraudVictims() {
        return fraud.values().stream().mapToLong(t -> t.victims.size()).sum();
    }

    /** Events written for this campaign kind (0 if none took place). */
    public long fraudEvents(CampaignKind kind) {
        Tally t = fraud.get(kind);
        return t == null ? 0 : t.events;
    }

    /** Money the attackers spent in purchases, over all campaign kinds. */
    public long fraudSpent() {
        return fraud.values().stream().mapToLong(t -> t.spent).sum();
    }

    /** A table for people. */
    public String format() {
        StringBuilder s = new StringBuilder();
        long fraudEvents = fraudEvents();
        s.append(String.format("%,d events (%,d charges, %,d purchases); customers' own purchases ¥%,d%n",
                events, charges, events - charges, purchaseMoney));
        s.append(String.format("fraud: %,d events (%.2f%%) on %,d accounts; attackers spent ¥%,d%n",
                fraudEvents, events == 0 ? 0 : 100.0 * fraudEvents / events, fraudVictims(), fraudSpent()));
        s.append(String.format("  %-24s %8s %8s %14s %14s%n", "campaign", "accounts", "events", "charged", "spent"));
        for (CampaignKind kind : CampaignKind.values()) {
            Tally t = fraud.getOrDefault(kind, new Tally());
            s.append(String.format("  %-24s %,8d %,8d %,14d %,14d%n", kind.label(), t.victims.size(), t.events, t.charged, t.spent));
        }
        return s.toString();
    }
}
