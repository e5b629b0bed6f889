package dev.riskgate.state.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.cluster.SlotHash;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The pending index must share each event's slot, or the record script would be refused by a Cluster. */
class PendingIndexTest {

    @Test
    void everySlotHasAnIndexKeyThatHashesToIt() {
        for (int slot = 0; slot < PendingIndex.SLOTS; slot++) {
            assertThat(SlotHash.getSlot(PendingIndex.key("riskgate:", slot))).isEqualTo(slot);
        }
    }

    @Test
    void anEventAndItsIndexShareASlot() {
        // Ids are the gateway's: a brace in one makes Redis hash only part of the key, and the index follows.
        for (String id : List.of("evt-1", "evt-20190703-0001", "{tagged}-evt", "a{b}c", "{}", "ünïcode-ëvent", "")) {
            String event = "riskgate:e:" + id;

            assertThat(SlotHash.getSlot(PendingIndex.keyFor("riskgate:", event))).as(id).isEqualTo(SlotHash.getSlot(event));
        }
        for (int i = 0; i < 10_000; i++) {
            String event = "riskgate:e:evt-" + i;
            assertThat(SlotHash.getSlot(PendingIndex.keyFor("riskgate:", event))).isEqualTo(SlotHash.getSlot(event));
        }
    }

    @Test
    void aPrefixWithItsOwnHashTagKeepsEventAndIndexTogether() {
        String event = "{tenant-7}riskgate:e:evt-1";

        assertThat(SlotHash.getSlot(PendingIndex.keyFor("{tenant-7}riskgate:", event))).isEqualTo(SlotHash.getSlot(event));
    }
}
