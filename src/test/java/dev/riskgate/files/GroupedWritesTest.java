package dev.riskgate.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class GroupedWritesTest {

    private final ReentrantLock lock = new ReentrantLock();
    private final List<List<String>> written = new ArrayList<>();
    private final ExecutorService callers = Executors.newFixedThreadPool(5);

    @AfterEach
    void stop() {
        callers.shutdownNow();
    }

    /** Each item's result is its place in the file, so the test can tell the batches apart. */
    private GroupedWrites<String, Integer> writes(int maxBatch) {
        return new GroupedWrites<>(lock, maxBatch, items -> {
            int before = written.stream().mapToInt(List::size).sum();
            written.add(List.copyOf(items));
            List<Integer> places = new ArrayList<>();
            for (int i = 0; i < items.size(); i++) {
                places.add(before + i);
            }
            return places;
        });
    }

    /** Five callers that arrive while the file is busy (its lock held) are written together, by one of them. */
    private List<Future<Integer>> fiveWhileBusy(GroupedWrites<String, Integer> writes) throws Exception {
        List<Future<Integer>> results = new ArrayList<>();
        lock.lock();
        try {
            for (int i = 0; i < 5; i++) {
                String item = "item-" + i;
                results.add(callers.submit(() -> writes.append(item)));
            }
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (lock.getQueueLength() < 5 && System.nanoTime() < until) {
                Thread.sleep(1);
            }
            assertThat(lock.getQueueLength()).as("callers waiting for the file").isEqualTo(5);
        } finally {
            lock.unlock();
        }
        return results;
    }

    @Test
    void callersWaitingTogetherAreWrittenInOneBatch() throws Exception {
        GroupedWrites<String, Integer> writes = writes(128);
        List<Future<Integer>> results = fiveWhileBusy(writes);
        List<Integer> places = new ArrayList<>();
        for (Future<Integer> r : results) {
            places.add(r.get(10, TimeUnit.SECONDS));
        }
        assertThat(written).hasSize(1);
        assertThat(written.get(0)).containsExactlyInAnyOrder("item-0", "item-1", "item-2", "item-3", "item-4");
        assertThat(places).containsExactlyInAnyOrder(0, 1, 2, 3, 4);
        for (int i = 0; i < 5; i++) {
            assertThat(written.get(0).get(places.get(i))).as("where item-%d landed", i).isEqualTo("item-" + i);
        }
        assertThat(writes.batches()).isEqualTo(1);
    }

    @Test
    void aBatchIsNoLargerThanItsBound() throws Exception {
        GroupedWrites<String, Integer> writes = writes(2);
        for (Future<Integer> r : fiveWhileBusy(writes)) {
            r.get(10, TimeUnit.SECONDS);
        }
        assertThat(written).extracting(List::size).allMatch(n -> n <= 2);
        assertThat(written.stream().mapToInt(List::size).sum()).isEqualTo(5);
        assertThat(writes.batches()).isEqualTo(3);
    }

    @Test
    void aFailedBatchFailsEveryCallerInItAndTheNextBatchIsWritten() throws Exception {
        boolean[] fail = {true};
        GroupedWrites<String, Integer> writes = new GroupedWrites<>(lock, 128, items -> {
            if (fail[0]) {
                fail[0] = false;
                throw new IllegalStateException("disk full");
            }
            written.add(List.copyOf(items));
            return items.stream().map(i -> 0).toList();
        });
        for (Future<Integer> r : fiveWhileBusy(writes)) {
            assertThatThrownBy(() -> r.get(10, TimeUnit.SECONDS)).hasRootCauseMessage("disk full");
        }
        assertThat(writes.append("after")).isZero();
        assertThat(written).containsExactly(List.of("after"));
    }

    @Test
    void refusesABatchBoundBelowOne() {
        assertThatThrownBy(() -> new GroupedWrites<String, String>(lock, 0, items -> items))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 1");
    }
}
