package dev.riskgate.scoring;

import dev.riskgate.event.ScoreRequest;
import dev.riskgate.rules.RulePack;
import dev.riskgate.state.HistoryEvent;
import dev.riskgate.state.Snapshot;
import dev.riskgate.state.StateKeys;
import dev.riskgate.state.StateStore;
import dev.riskgate.state.Status;
import java.util.function.Supplier;

/**
 * Warm start: records a past event whose money moved as an allowed attempt, the way {@link Scorer}
 * records one, without evaluating rules or storing an answer (riskgate never gave one). An event the
 * store already knows, decided live or imported before, is left alone, so importing a file twice
 * changes nothing.
 */
public final class SettledImport {

    private final StateStore store;
    private final Supplier<RulePack> pack;

    public SettledImport(StateStore store, Supplier<RulePack> pack) {
        this.store = store;
        this.pack = pack;
    }

    /** True when the event was recorded, false when the store already knew it. */
    public boolean record(ScoreRequest sent) {
        RulePack current = pack.get();
        // History holds amounts in the pack's base currency, as live scoring leaves them.
        ScoreRequest req = current.currencies().inBase(sent);
        StateKeys keys = new StateKeys(req.eventId(), req.accountId(), req.deviceId(), req.storeId());
        Snapshot snap = store.snapshot(keys);
        if (known(snap, req.eventId())) {
            return false;
        }
        // Appends are idempotent, so an import racing a live decision or another import of the same
        // event cannot record it twice.
        HistoryEvent attempt = Attempt.of(current, req, Status.ALLOWED, snap, Attempt.classify(current, req).resale());
        store.apply(Attempt.recorded(keys, null, attempt));
        return true;
    }

    /**
     * Answers expire after 30 days and attempts after 30 days of event time, settled amounts after 180:
     * an event any of them still mentions has been recorded.
     */
    private static boolean known(Snapshot snap, String eventId) {
        return snap.decision().isPresent()
                || snap.account().events().stream().anyMatch(e -> e.eventId().equals(eventId))
                || snap.account().amounts().stream().anyMatch(a -> a.eventId().equals(eventId));
    }
}
