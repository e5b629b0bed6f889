package dev.riskgate.state;

import static org.assertj.core.api.Assertions.assertThat;

import dev.riskgate.decision.FeedbackOutcome;
import org.junit.jupiter.api.Test;

/** What a store that serves promises beyond the contract: what it acknowledged is there after a restart. */
public abstract class DurableStateStoreContract extends StateStoreContract {

    @Test
    void acknowledgedCommitsSurviveReopening() {
        store.apply(decision("evt-1", "acct", "dev", "shop", Status.PENDING, 0, true));
        store.apply(decision("evt-2", "acct", "dev", null, Status.ALLOWED, 1, false));
        feedback("evt-1", FeedbackOutcome.STEP_UP_PASSED, Status.PASSED);
        Snapshot before = store.snapshot(keys("evt-1", "acct", "dev", "shop"));
        store.close();

        store = open(dataDir, clock);

        assertThat(store.snapshot(keys("evt-1", "acct", "dev", "shop"))).isEqualTo(before);
        assertThat(store.decision("evt-2")).isPresent();
        assertThat(store.apply(decision("evt-2", "acct", "dev", null, Status.BLOCKED, 2, false)).applied())
                .as("a retry after the restart is still refused").isFalse();
    }
}
