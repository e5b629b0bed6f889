package dev.riskgate.state.redis;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.LongToIntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a sweep of {@link PendingIndex} on a daemon thread of its own, every {@code every}, over entries
 * listed longer than {@code after} ago (a live writer finishes its commit well within that, so the sweep
 * rarely repeats work in progress, though repeating it would be harmless). Every instance runs one; a
 * random first delay spreads them. A sweep that fails (Redis away) is logged and tried again next time.
 */
final class PendingSweeper implements AutoCloseable {

    static final Duration EVERY = Duration.ofSeconds(60);
    static final Duration AFTER = Duration.ofSeconds(30);
    private static final Logger LOG = LoggerFactory.getLogger(PendingSweeper.class);
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "riskgate-redis-sweeper");
        t.setDaemon(true);
        return t;
    });

    /** {@code sweep} takes the cutoff in epoch milliseconds and answers how many commits it finished. */
    PendingSweeper(LongToIntFunction sweep, Duration every, Duration after) {
        long period = every.toMillis();
        timer.scheduleWithFixedDelay(() -> {
            try {
                int finished = sweep.applyAsInt(System.currentTimeMillis() - after.toMillis());
                if (finished > 0) {
                    LOG.info("finished {} commit(s) whose writer stopped between the record and the histories", finished);
                }
            } catch (RuntimeException e) {
                LOG.warn("sweep of pending Redis commits failed, retrying in {}: {}", every, e.toString());
            }
        }, ThreadLocalRandom.current().nextLong(period) + 1, period, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
