package dev.riskgate.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.riskgate.state.Change;
import dev.riskgate.state.DecisionRecord;
import dev.riskgate.state.Snapshot;
import dev.riskgate.state.StateKeys;
import dev.riskgate.state.StateStore;
import dev.riskgate.state.embedded.SqliteStateStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MeteredStateStoreTest {

    private static final StateKeys KEYS = new StateKeys("evt-1", "acct-1", "dev-1", null);

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @Test
    void timesEachOperationOnARealStore(@TempDir Path dir) {
        try (StateStore store = new MeteredStateStore(SqliteStateStore.open(dir, Clock.systemUTC()), registry)) {
            store.decision("evt-1");
            store.atomically(KEYS, snapshot -> Change.none("done"));
        }

        assertThat(duration("lookup").count()).isEqualTo(1);
        assertThat(duration("transaction").count()).isEqualTo(1);
        assertThat(errors("lookup") + errors("transaction")).isZero();
    }

    @Test
    void transactionTimeLeavesOutTheCallersWork(@TempDir Path dir) {
        try (StateStore store = new MeteredStateStore(SqliteStateStore.open(dir, Clock.systemUTC()), registry)) {
            store.atomically(KEYS, snapshot -> {
                sleep(300);
                return Change.none("done");
            });
        }

        assertThat(duration("transaction").totalTime(TimeUnit.MILLISECONDS)).isLessThan(250);
    }

    @Test
    void countsAFailureOfTheStoreAsAnError() {
        StateStore store = new MeteredStateStore(new BrokenStore(), registry);

        assertThatThrownBy(() -> store.decision("evt-1")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> store.atomically(KEYS, snapshot -> Change.none("done")))
                .isInstanceOf(IllegalStateException.class);

        assertThat(errors("lookup")).isEqualTo(1);
        assertThat(errors("transaction")).isEqualTo(1);
        assertThat(duration("lookup").count()).isEqualTo(1);
    }

    @Test
    void aFailureOfTheCallersWorkIsNotAStoreError(@TempDir Path dir) {
        try (StateStore store = new MeteredStateStore(SqliteStateStore.open(dir, Clock.systemUTC()), registry)) {
            assertThatThrownBy(() -> store.atomically(KEYS, snapshot -> {
                throw new IllegalArgumentException("conflict");
            })).hasMessage("conflict");
        }

        assertThat(errors("transaction")).isZero();
    }

    private io.micrometer.core.instrument.Timer duration(String operation) {
        return registry.get("riskgate.state.operation.duration").tag("operation", operation).timer();
    }

    private double errors(String operation) {
        return registry.get("riskgate.state.errors").tag("operation", operation).counter().count();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A store whose disk is gone: every call fails inside the store. */
    private static final class BrokenStore implements StateStore {
        @Override
        public Optional<DecisionRecord> decision(String eventId) {
            throw new IllegalStateException("state read failed: disk I/O error");
        }

        @Override
        public <R> R atomically(StateKeys keys, Function<Snapshot, Change<R>> work) {
            throw new IllegalStateException("state write failed: disk I/O error");
        }

        @Override
        public void close() {
        }
    }
}
