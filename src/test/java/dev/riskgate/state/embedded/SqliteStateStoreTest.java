package dev.riskgate.state.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import dev.riskgate.MutableClock;
import dev.riskgate.state.DurableStateStoreContract;
import dev.riskgate.state.HistoryEvent;
import dev.riskgate.state.Retention;
import dev.riskgate.state.StateStore;
import dev.riskgate.state.Status;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class SqliteStateStoreTest extends DurableStateStoreContract {

    @Override
    protected StateStore open(Path dataDir, MutableClock clock) {
        return SqliteStateStore.open(dataDir, clock);
    }

    private SqliteStateStore sqlite() {
        return (SqliteStateStore) store;
    }

    @Test
    void sweepDeletesRowsWhoseExpiryPassed() {
        store.apply(decision("evt-1", "acct-1", "dev-1", null, Status.ALLOWED, 0, false));
        clock.advance(Collections.max(List.of(Retention.DECISIONS, Retention.EVENTS)).plusDays(1));

        int deleted = sqlite().sweepExpired();

        assertThat(deleted).as("the decision and the device log").isEqualTo(2);
        assertThat(sqlite().rowCount()).isEqualTo(1);
        assertThat(store.decision("evt-1")).isEmpty();
        assertThat(store.snapshot(keys("probe", "acct-1", "dev-1", null)).account().events())
                .extracting(HistoryEvent::eventId).containsExactly("evt-1");
    }

    @Test
    void sweepKeepsRowsBeforeTheirExpiry() {
        store.apply(decision("evt-1", "acct-1", "dev-1", null, Status.ALLOWED, 0, false));
        clock.advance(Collections.min(List.of(Retention.DECISIONS, Retention.EVENTS)).minusMinutes(1));

        int deleted = sqlite().sweepExpired();

        assertThat(deleted).isZero();
        assertThat(sqlite().rowCount()).isEqualTo(3);
        assertThat(store.decision("evt-1")).isPresent();
    }

    @Test
    void expiredRowsAreNotReadEvenBeforeTheSweep() {
        store.apply(decision("evt-1", "acct-1", "dev-1", null, Status.ALLOWED, 0, false));
        clock.advance(Retention.DECISIONS.plusDays(1));

        assertThat(store.decision("evt-1")).isEmpty();
        assertThat(sqlite().rowCount()).isEqualTo(3);
    }
}
