package dev.riskgate.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Objects;
import java.util.Random;
import org.junit.jupiter.api.Test;

class KeyLocksTest {

    /** Keys are always taken in one order (no deadlock), each once (a lock is not re-taken), nulls skipped. */
    @Test
    void takesTheNonNullKeysOnceEachInSortedOrder() {
        Random random = new Random(3);
        String[] pool = {"a:1", "a:2", "d:1", "d:10", "d:2", "s:x", "e:7", "a:1"};
        for (int round = 0; round < 5_000; round++) {
            String[] keys = new String[random.nextInt(6)];
            for (int i = 0; i < keys.length; i++) {
                keys[i] = random.nextInt(5) == 0 ? null : pool[random.nextInt(pool.length)];
            }

            assertThat(KeyLocks.sortedDistinct(keys)).as(Arrays.toString(keys)).containsExactly(
                    Arrays.stream(keys).filter(Objects::nonNull).distinct().sorted().toArray(String[]::new));
        }
    }

    @Test
    void runsTheBodyHoldingTheLocksAndReleasesThem() {
        KeyLocks locks = new KeyLocks();

        String inside = locks.withLocks(() -> locks.withLocks(() -> "reentrant", "a:1"), "d:1", null, "a:1", "d:1");

        assertThat(inside).isEqualTo("reentrant");
    }
}
