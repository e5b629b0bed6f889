package dev.riskgate.state.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.riskgate.MutableClock;
import dev.riskgate.SmallDisk;
import dev.riskgate.decision.Decision;
import dev.riskgate.decision.Verdict;
import dev.riskgate.event.EventType;
import dev.riskgate.state.Applied;
import dev.riskgate.state.Commit;
import dev.riskgate.state.DecisionRecord;
import dev.riskgate.state.HistoryEvent;
import dev.riskgate.state.StateKeys;
import dev.riskgate.state.StateUnavailable;
import dev.riskgate.state.Status;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store on a disk that really fills up ({@link SmallDisk}, 2 MB). Commits fail while it is full and the
 * store says so ({@code checkHealth}); once space returns, commits go through again and everything
 * acknowledged is there after a restart.
 */
class FullDiskTest {

    @TempDir
    Path dir;
    private SmallDisk disk;
    private final MutableClock clock = new MutableClock(Instant.parse("2025-06-01T00:00:00Z"));
    private JournalStateStore store;
    private final List<String> acknowledged = new ArrayList<>();
    private int next;

    @BeforeEach
    void mountSmallDisk() throws Exception {
        disk = SmallDisk.mount(dir.resolve("disk"), "2m");
        store = JournalStateStore.open(disk.root(), clock, false);
    }

    @AfterEach
    void unmount() throws Exception {
        try {
            disk.free();
            if (store != null) {
                store.closeWithoutCheckpoint();
            }
        } finally {
            disk.close();
        }
    }

    @Test
    void aCheckpointThatFindsTheDiskFullLeavesTheJournalWritableOnceSpaceReturns() throws Exception {
        decide(50);
        disk.fill();
        assertThatThrownBy(store::checkpoint).as("no room for the next segment's header or the checkpoint")
                .isInstanceOf(RuntimeException.class);
        assertThatThrownBy(store::checkpoint).as("nor on a second try").isInstanceOf(RuntimeException.class);
        decideUntilRefused();
        assertThatThrownBy(store::checkHealth).isInstanceOf(StateUnavailable.class)
                .hasMessageContaining("No space left on device");

        disk.free();
        decide(50);
        store.checkHealth();
        store.checkpoint();
        decide(10);
        store.closeWithoutCheckpoint();
        store = JournalStateStore.open(disk.root(), clock, false);

        assertThat(acknowledged).hasSizeGreaterThanOrEqualTo(110).allSatisfy(id -> assertThat(store.decision(id)).as(id).isPresent());
    }

    private void decide(int n) {
        for (int i = 0; i < n; i++) {
            assertThat(apply().applied()).isTrue();
        }
    }

    /** Commits until one fails; the ones before it still had room in the segment's last page. */
    private void decideUntilRefused() {
        for (int i = 0; i < 1000; i++) {
            try {
                apply();
            } catch (StateUnavailable full) {
                return;
            }
        }
        throw new AssertionError("1,000 commits went through on a full disk");
    }

    private Applied apply() {
        String id = "evt-" + next++;
        String account = "acct-" + (next % 7);
        HistoryEvent event = new HistoryEvent(id, EventType.CHARGE, clock.instant(), 1000, account, "dev", null,
                Status.ALLOWED, false, List.of());
        DecisionRecord record = new DecisionRecord(new Decision(id, Verdict.ALLOW, 0, List.of(), "test-pack"), "hash",
                account, "dev", null, clock.instant(), List.of());
        Applied applied = store.apply(Commit.append(new StateKeys(id, account, "dev", null), record, event, false));
        acknowledged.add(id);
        return applied;
    }

}
