package dev.riskgate.state.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.riskgate.event.EventType;
import dev.riskgate.state.Commit;
import dev.riskgate.state.HistoryEvent;
import dev.riskgate.state.HistoryOp;
import dev.riskgate.state.OwnerFreeze;
import dev.riskgate.state.StateKeys;
import dev.riskgate.state.Status;
import dev.riskgate.state.formats.ReleasedFormats;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class RedisValuesTest {

    private static final Instant T = ReleasedFormats.START;

    /** Three different lists of operations, so that no key's bytes can stand in for another's. */
    private static Commit commit() {
        StateKeys k = new StateKeys("evt-9", "acct-9", "dev-9", "store-9");
        HistoryEvent e = new HistoryEvent("evt-9", EventType.PURCHASE, T, 12, "acct-9", "dev-9", "store-9",
                Status.PENDING, true, List.of());
        return new Commit(k, null, null,
                List.of(new HistoryOp.Append(e), new HistoryOp.Freeze(new OwnerFreeze(true, "not me", T))),
                List.of(new HistoryOp.Append(e)), List.of(new HistoryOp.Restatus("evt-8", Status.FRAUD)));
    }

    @Test
    void pendingOperationsReadBackAsTheEntriesEachKeyAppends() {
        for (RedisValues.Layout layout : RedisValues.Layout.values()) {
            pendingOperationsReadBack(layout);
        }
    }

    @Test
    void entriesOfEitherFormatFoldToTheSameHistory() {
        Commit c = commit();
        for (RedisValues.Layout layout : RedisValues.Layout.values()) {
            RedisValues.Pending p = RedisValues.pendingOf(c, layout);
            assertThat(p.bytes()[0]).isEqualTo(layout.format);
            dev.riskgate.state.AccountState folded = RedisValues.fold("a", RedisValues.ACCOUNT,
                    dev.riskgate.state.AccountState.EMPTY, List.of(p.accountOps()));
            assertThat(folded).isEqualTo(dev.riskgate.state.Histories.fold(dev.riskgate.state.AccountState.EMPTY,
                    c.account()));
            byte[] head = RedisValues.encodeFolded(RedisValues.ACCOUNT, folded, layout);
            assertThat(RedisValues.fold("a", RedisValues.ACCOUNT, dev.riskgate.state.AccountState.EMPTY,
                    List.of(head))).isEqualTo(folded);
        }
    }

    private static void pendingOperationsReadBack(RedisValues.Layout layout) {
        RedisValues.Pending written = RedisValues.pendingOf(commit(), layout);

        RedisValues.Pending read = RedisValues.decodePending(written.bytes());

        assertThat(read.account()).isEqualTo("acct-9");
        assertThat(read.device()).isEqualTo("dev-9");
        assertThat(read.store()).isEqualTo("store-9");
        assertThat(read.freeze()).isEqualTo("1");
        assertThat(withoutNonce(read.accountOps())).isEqualTo(withoutNonce(written.accountOps()));
        assertThat(withoutNonce(read.deviceOps())).isEqualTo(withoutNonce(written.deviceOps()));
        assertThat(withoutNonce(read.storeOps())).isEqualTo(withoutNonce(written.storeOps()));
        assertThat(withoutNonce(read.accountOps())).isNotEqualTo(withoutNonce(read.deviceOps()));
    }

    @Test
    void aKeyWithoutOperationsGetsNoEntry() {
        StateKeys k = new StateKeys("evt-9", "acct-9", "dev-9", null);
        Commit noStore = new Commit(k, null, null, commit().account(), commit().device(), List.of());

        for (RedisValues.Layout layout : RedisValues.Layout.values()) {
            assertThat(RedisValues.pendingOf(noStore, layout).storeOps()).isNull();
            assertThat(RedisValues.decodePending(RedisValues.pendingOf(noStore, layout).bytes()).storeOps()).isNull();
        }
    }

    /** An entry is its format, its kind, a random nonce (8 bytes), then the operations. */
    private static byte[] withoutNonce(byte[] entry) {
        byte[] masked = entry.clone();
        Arrays.fill(masked, 2, 10, (byte) 0);
        return masked;
    }
}
