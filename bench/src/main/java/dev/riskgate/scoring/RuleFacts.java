package dev.riskgate.scoring;

import dev.riskgate.event.ScoreRequest;
import dev.riskgate.rules.RulePack;
import dev.riskgate.state.StateKeys;
import dev.riskgate.state.StateStore;
import java.util.List;

/**
 * The facts the scoring path would hand the rules for {@code req}, read from {@code store} without
 * recording anything: the same classification and fact sheet {@link Scorer} uses. It sits in the scoring
 * package (of the bench jar) because those steps are package-private; it is the one bench class that
 * follows the scoring internals, so a change to them is adapted here only.
 */
public final class RuleFacts {

    private RuleFacts() {
    }

    public static List<Object> of(StateStore store, RulePack pack, ScoreRequest req) {
        StateKeys keys = new StateKeys(req.eventId(), req.accountId(), req.deviceId(), req.storeId());
        return FactSheet.facts(req, store.snapshot(keys), Attempt.classify(pack, req).resale(), pack);
    }
}
