package dev.riskgate.scoring;

import dev.riskgate.event.ScoreRequest;
import dev.riskgate.rules.ResaleCatalog;
import dev.riskgate.rules.RulePack;
import dev.riskgate.state.Commit;
import dev.riskgate.state.DecisionRecord;
import dev.riskgate.state.HistoryEvent;
import dev.riskgate.state.Resale;
import dev.riskgate.state.Snapshot;
import dev.riskgate.state.StateKeys;
import dev.riskgate.state.Status;
import java.util.List;

/**
 * How one attempt enters the account, device and store histories. Live scoring and the warm-start
 * import both come through here, so an imported settled event is remembered exactly as an allowed
 * live one would have been.
 */
final class Attempt {

    private Attempt() {
    }

    /** The basket's resale goods, as the pack's catalogue counts them. */
    static ResaleCatalog.Classified classify(RulePack pack, ScoreRequest req) {
        return pack.resaleCatalog().classify(req.items());
    }

    /** The attempt as history remembers it; whether the device was new is read from the snapshot. */
    static HistoryEvent of(RulePack pack, ScoreRequest req, Status status, Snapshot snap, List<Resale> resale) {
        return HistoryEvent.of(req, status, FactSheet.isNewDevice(snap.account(), req.deviceId(),
                req.occurredAt().toInstant(), pack.params()), resale);
    }

    /** The commit that records {@code attempt} (and its decision record, if any). */
    static Commit recorded(StateKeys keys, DecisionRecord decision, HistoryEvent attempt) {
        return Commit.append(keys, decision, attempt, attempt.storeId() != null && storeRemembers(attempt));
    }

    /**
     * A store's log keeps only what store-wide rules look at: resale goods and devices new to their
     * account. A busy store's everyday trusted purchases would otherwise crowd every decision there with
     * hundreds of irrelevant facts.
     */
    private static boolean storeRemembers(HistoryEvent attempt) {
        return attempt.newDevice() || !attempt.resale().isEmpty();
    }
}
