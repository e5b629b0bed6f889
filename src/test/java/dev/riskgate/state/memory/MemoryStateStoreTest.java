package dev.riskgate.state.memory;

import dev.riskgate.MutableClock;
import dev.riskgate.state.StateStore;
import dev.riskgate.state.StateStoreContract;
import java.nio.file.Path;

class MemoryStateStoreTest extends StateStoreContract {

    @Override
    protected StateStore open(Path dataDir, MutableClock clock) {
        return new MemoryStateStore();
    }
}
