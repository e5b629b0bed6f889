package dev.riskgate.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.riskgate.state.Applied;
import dev.riskgate.state.Commit;
import dev.riskgate.state.DecisionRecord;
import dev.riskgate.state.Snapshot;
import dev.riskgate.state.StateKeys;
import dev.riskgate.state.StateStore;
import dev.riskgate.state.embedded.JournalStateStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MeteredStateStoreTest {

    private static final StateKeys KEYS = new StateKeys("evt-1", "acct-1", "dev-1", null);

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @Test
    void timesEachOperationOnARealStore(@TempDir Path dir) {
        try (StateStore store = new MeteredStateStore(JournalStateStore.open(dir, Clock.systemUTC()), registry)) {
            store.decision("evt-1");
            store.snapshot(KEYS);
            store.apply(new Commit(KEYS, null, null, List.of(), List.of(), List.of()));
        }

        assertThat(duration("lookup").count()).isEqualTo(1);
        assertThat(duration("read").count()).isEqualTo(1);
        assertThat(duration("write").count()).isEqualTo(1);
        assertThat(errors("lookup") + errors("read") + errors("write")).isZero();
    }

    @Test
    void countsAFailureOfTheStoreAsAnError() {
        StateStore store = new MeteredStateStore(new BrokenStore(), registry);

        assertThatThrownBy(() -> store.decision("evt-1")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> store.snapshot(KEYS)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> store.apply(new Commit(KEYS, null, null, List.of(), List.of(), List.of())))
                .isInstanceOf(IllegalStateException.class);

        assertThat(errors("lookup")).isEqualTo(1);
        assertThat(errors("read")).isEqualTo(1);
        assertThat(errors("write")).isEqualTo(1);
        assertThat(duration("lookup").count()).isEqualTo(1);
    }

    private io.micrometer.core.instrument.Timer duration(String operation) {
        return registry.get("riskgate.state.operation.duration").tag("operation", operation).timer();
    }

    private double errors(String operation) {
        return registry.get("riskgate.state.errors").tag("operation", operation).counter().count();
    }

    /** A store whose disk is gone: every call fails inside the store. */
    private static final class BrokenStore implements StateStore {
        @Override
        public Optional<DecisionRecord> decision(String eventId) {
            throw new IllegalStateException("state read failed: disk I/O error");
        }

        @Override
        public Snapshot snapshot(StateKeys keys) {
            throw new IllegalStateException("state read failed: disk I/O error");
        }

        @Override
        public Applied apply(Commit commit) {
            throw new IllegalStateException("state write failed: disk I/O error");
        }

        @Override
        public void close() {
        }
    }
}
