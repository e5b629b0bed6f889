package dev.riskgate.state.embedded;

import dev.riskgate.MutableClock;
import dev.riskgate.state.DurableStateStoreContract;
import dev.riskgate.state.StateStore;
import java.nio.file.Path;

/** The contract with RISKGATE_SYNC=full: every commit fsynced (grouped) before it is acknowledged. */
class SyncedJournalStateStoreTest extends DurableStateStoreContract {

    @Override
    protected StateStore open(Path dataDir, MutableClock clock) {
        return JournalStateStore.open(dataDir, clock, true);
    }
}
