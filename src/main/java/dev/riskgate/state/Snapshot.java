package dev.riskgate.state;

import java.util.Optional;

/** What the store holds for a set of keys, read at one moment under the keys' lock. */
public record Snapshot(Optional<DecisionRecord> decision, AccountState account, EventLog device, EventLog store) {
}
