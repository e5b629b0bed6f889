package dev.riskgate.scoring;

import dev.riskgate.decision.Decision;
import dev.riskgate.event.ScoreRequest;
import dev.riskgate.rules.RulePack;
import dev.riskgate.state.Snapshot;
import dev.riskgate.state.StateKeys;
import dev.riskgate.state.StateStore;
import java.util.function.Supplier;

/**
 * What the live pack, and the shadow pack if one is set, would answer an event now, on the history the
 * store holds, with nothing recorded: no attempt, no stored answer, no log line, no listener told. An
 * analyst tries an event before a rule goes live ({@code POST /admin/score}, the console's form); a later
 * {@code GET /v1/decisions/{eventId}} still answers 404.
 */
public final class DryRun {

    /** {@code shadow} is null when no shadow pack is set, or when it does not take the event's currency. */
    public record Result(Decision active, Decision shadow) {
    }

    private final StateStore store;
    private final Supplier<RulePack> active;
    private final Supplier<RulePack> shadow;

    /** {@code shadow} may be null. */
    public DryRun(StateStore store, Supplier<RulePack> active, Supplier<RulePack> shadow) {
        this.store = store;
        this.active = active;
        this.shadow = shadow;
    }

    /** Throws {@code BadRequest} when the live pack does not take the event's currency. */
    public Result run(ScoreRequest req) {
        RulePack live = active.get();
        live.currencies().require(req.currency());
        // A read only, outside the account and device turns the Scorer takes: a dry run never queues a live decision.
        Snapshot snap = store.snapshot(new StateKeys(req.eventId(), req.accountId(), req.deviceId(), req.storeId()));
        Decision shadowAnswer = null;
        if (shadow != null) {
            RulePack candidate = shadow.get();
            if (candidate.currencies().accepted().contains(req.currency())) {
                shadowAnswer = on(candidate, req, snap);
            }
        }
        return new Result(on(live, req, snap), shadowAnswer);
    }

    private static Decision on(RulePack pack, ScoreRequest req, Snapshot snap) {
        ScoreRequest priced = pack.currencies().inBase(req);
        return Scorer.evaluate(pack, priced, snap, pack.resaleCatalog().classify(priced.items()).resale());
    }
}
