package dev.riskgate.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Says when the state store comes back after failing, how long it was gone and how many answers were
 * the fail decision meanwhile ("Redis back after 5.2 s, 412 answers degraded"): the one line an operator
 * looks for after an outage, instead of adding up errors. The first failure starts an outage, the next
 * success ends it; a success costs one volatile read.
 */
final class StoreOutage {

    private static final Logger LOG = LoggerFactory.getLogger(StoreOutage.class);
    private static final long NONE = Long.MIN_VALUE;

    private final String store;
    private final MeterRegistry registry;
    private final LongSupplier nanos;
    private final AtomicLong since = new AtomicLong(NONE);
    private volatile double degradedAtStart;
    private final AtomicLong failures = new AtomicLong();

    StoreOutage(String store, MeterRegistry registry, LongSupplier nanos) {
        this.store = store;
        this.registry = registry;
        this.nanos = nanos;
    }

    void failed() {
        failures.incrementAndGet();
        if (since.get() == NONE && since.compareAndSet(NONE, nanos.getAsLong())) {
            degradedAtStart = degraded();
            LOG.warn("{} failing; score requests get the fail decision until it answers again", store);
        }
    }

    void succeeded() {
        long start = since.get();
        if (start != NONE && since.compareAndSet(start, NONE)) {
            double seconds = (nanos.getAsLong() - start) / 1e9;
            LOG.info("{} back after {} s, {} answers degraded, {} store operations failed", store,
                    String.format("%.1f", seconds), Math.round(degraded() - degradedAtStart), failures.getAndSet(0));
        }
    }

    /** Fail-decision answers so far ({@link RiskMetrics}' counter; none before the first). */
    private double degraded() {
        return registry.find("riskgate.degraded.decisions").counters().stream().mapToDouble(Counter::count).sum();
    }
}
