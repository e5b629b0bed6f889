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

    /** A request queued behind a stuck one gives its thread back at its own deadline, having run nothing. */
    @Test
    void aBoundedWaitGivesUpAtItsDeadlineWhileAnotherHoldsTheKey() throws Exception {
        KeyLocks locks = new KeyLocks();
        java.util.concurrent.CountDownLatch held = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        Thread holder = new Thread(() -> locks.withLocks(() -> {
            held.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return null;
        }, "a:1", "d:1"));
        holder.start();
        held.await();
        boolean[] ran = {false};
        long start = System.nanoTime();

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> locks.withLocks(() -> ran[0] = true,
                System.nanoTime() + java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(60), "a:1", "d:2"))
                .isInstanceOf(KeyLocks.WaitExpired.class);

        assertThat(java.util.concurrent.TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(2_000);
        assertThat(ran[0]).isFalse();
        release.countDown();
        holder.join();
        // the keys the expired wait registered were given back: both are free now
        assertThat(locks.withLocks(() -> "free", System.nanoTime() + 1_000_000_000L, "a:1", "d:2")).isEqualTo("free");
    }
}
