package dev.riskgate.state.embedded;

import dev.riskgate.state.codec.StateForms;
import static org.assertj.core.api.Assertions.assertThat;

import dev.riskgate.state.EventLog;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PackedShardsTest {

    private static byte[] record(String key, long lsn) {
        return Packed.pack(StateForms.LOG, key, EventLog.EMPTY, lsn, 1_000);
    }

    @Test
    void holdsWhatAMapWouldThroughGrowthAndRemovals() {
        PackedShards shards = new PackedShards();
        Map<String, byte[]> model = new HashMap<>();
        Random random = new Random(7);
        for (int step = 0; step < 200_000; step++) {
            String key = "k" + random.nextInt(20_000);
            int op = random.nextInt(10);
            if (op < 6) {
                byte[] r = record(key, step + 1);
                shards.put(r);
                model.put(key, r);
            } else if (op < 9) {
                byte[] held = model.get(key);
                boolean removed = shards.remove(Packed.keyBytes(key), held == null ? new byte[0] : held);
                assertThat(removed).isEqualTo(held != null);
                model.remove(key);
            } else {
                assertThat(shards.remove(Packed.keyBytes(key), record(key, 999_999))).as("only the same record is removed").isFalse();
            }
        }
        assertThat(shards.size()).isEqualTo(model.size());
        for (int i = 0; i < 20_000; i++) {
            assertThat(shards.get(Packed.keyBytes("k" + i))).isSameAs(model.get("k" + i));
        }
    }

    @Test
    void removeIfKeepsEveryOtherKeyFindable() {
        PackedShards shards = new PackedShards();
        for (int i = 0; i < 50_000; i++) {
            shards.put(record("k" + i, i + 1));
        }

        assertThat(shards.removeIf(r -> (Packed.lsn(r) - 1) % 3 == 0)).isEqualTo(16_667);

        for (int i = 0; i < 50_000; i++) {
            byte[] r = shards.get(Packed.keyBytes("k" + i));
            if (i % 3 == 0) {
                assertThat(r).isNull();
            } else {
                assertThat(Packed.key(r)).isEqualTo("k" + i);
            }
        }
        int listed = 0;
        for (int s = 0; s < shards.shardCount(); s++) {
            List<byte[]> records = shards.shardRecords(s);
            listed += records.size();
        }
        assertThat(listed).isEqualTo(50_000 - 16_667);
    }

    @Test
    void aKeyReadTwiceFromACheckpointKeepsItsNewerRecord() {
        HeapTable<EventLog> table = new HeapTable<>(StateForms.LOG, java.time.Duration.ofDays(30), new CheckpointFiles());
        table.putPacked(record("dev", 9));
        table.putPacked(record("dev", 4));

        table.fold("dev", 9, 1_000, EventLog.EMPTY, log -> {
            throw new AssertionError("commit 9 is already in the record read, it must not fold again");
        });
        assertThat(table.size()).isEqualTo(1);
    }
}
