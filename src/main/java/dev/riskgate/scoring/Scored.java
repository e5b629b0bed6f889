package dev.riskgate.scoring;

import dev.riskgate.decision.Decision;
import dev.riskgate.event.EventType;
import dev.riskgate.state.Snapshot;
import java.util.List;

/**
 * A decision with how it was reached: {@code replayed} when it is the stored answer to a retry, the
 * time spent reading state, evaluating rules and writing state (zero for a replay's last two), and the
 * history snapshot the rules saw (null for a replay), so a shadow pack can judge the same evidence, and
 * the basket's item categories the pack did not recognise (as sent, for analysts; empty for a replay).
 */
public record Scored(Decision decision, boolean replayed, EventType type, long readNanos, long evalNanos, long writeNanos,
                     Snapshot snapshot, List<String> unrecognisedCategories) {
    public Scored {
        unrecognisedCategories = unrecognisedCategories == null ? List.of() : List.copyOf(unrecognisedCategories);
    }
}
