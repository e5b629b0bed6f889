package dev.riskgate.state.embedded;

import dev.riskgate.MutableClock;
import dev.riskgate.state.Applied;
import dev.riskgate.state.Commit;
import dev.riskgate.state.DecisionRecord;
import dev.riskgate.state.DurableStateStoreContract;
import dev.riskgate.state.Snapshot;
import dev.riskgate.state.StateKeys;
import dev.riskgate.state.StateStore;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The contract with every key packed before every call, so each read unpacks and each commit folds
 * onto a packed value (and, in the concurrent cases, packing races the commits of other threads).
 */
class PackedJournalStateStoreTest extends DurableStateStoreContract {

    @Override
    protected StateStore open(Path dataDir, MutableClock clock) {
        JournalStateStore journal = JournalStateStore.open(dataDir, clock, false);
        return new StateStore() {
            @Override
            public Optional<DecisionRecord> decision(String eventId) {
                packAll();
                return journal.decision(eventId);
            }

            @Override
            public Snapshot snapshot(StateKeys keys) {
                packAll();
                return journal.snapshot(keys);
            }

            @Override
            public Applied apply(Commit commit) {
                packAll();
                return journal.apply(commit);
            }

            @Override
            public dev.riskgate.state.Outbox outbox() {
                return journal.outbox();
            }

            @Override
            public void close() {
                journal.close();
            }

            /** The first pass marks every key idle, the second packs it. */
            private void packAll() {
                journal.packIdle();
                journal.packIdle();
            }
        };
    }
}
