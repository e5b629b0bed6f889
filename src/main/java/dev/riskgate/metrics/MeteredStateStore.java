package dev.riskgate.metrics;

import dev.riskgate.state.Applied;
import dev.riskgate.state.Commit;
import dev.riskgate.state.DecisionRecord;
import dev.riskgate.state.Snapshot;
import dev.riskgate.state.StateKeys;
import dev.riskgate.state.StateStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A {@link StateStore} that times every operation and counts its failures, as
 * {@code riskgate_state_operation_duration_seconds{operation}} and
 * {@code riskgate_state_errors_total{operation}}; operation is {@code lookup} (a stored decision by event
 * id), {@code read} (a history snapshot) or {@code write} (a commit). Rule evaluation happens between a
 * read and a write, outside the store, so no store time includes it.
 */
public final class MeteredStateStore implements StateStore {

    private static final Duration[] BUCKETS = {
            Duration.ofNanos(100_000), Duration.ofNanos(250_000), Duration.ofNanos(500_000), Duration.ofMillis(1),
            Duration.ofNanos(2_500_000), Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25),
            Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofSeconds(1)};

    private final StateStore delegate;
    private final Operation lookup;
    private final Operation read;
    private final Operation write;

    public MeteredStateStore(StateStore delegate, MeterRegistry registry) {
        this(delegate, "state store", registry);
    }

    /** As {@link #MeteredStateStore(StateStore, MeterRegistry)}; {@code name} ("Redis") is how the log calls it. */
    public MeteredStateStore(StateStore delegate, String name, MeterRegistry registry) {
        this.delegate = delegate;
        StoreOutage outage = new StoreOutage(name, registry, System::nanoTime);
        this.lookup = new Operation("lookup", registry, outage);
        this.read = new Operation("read", registry, outage);
        this.write = new Operation("write", registry, outage);
    }

    @Override
    public Optional<DecisionRecord> decision(String eventId) {
        return lookup.time(() -> delegate.decision(eventId));
    }

    @Override
    public Snapshot snapshot(StateKeys keys) {
        return read.time(() -> delegate.snapshot(keys));
    }

    @Override
    public Applied apply(Commit commit) {
        return write.time(() -> delegate.apply(commit));
    }

    /** Not timed: a health probe is not an operation the gateway asked for. */
    @Override
    public void checkHealth() {
        delegate.checkHealth();
    }

    @Override
    public void prepare() {
        delegate.prepare();
    }

    @Override
    public dev.riskgate.state.Outbox outbox() {
        return delegate.outbox();
    }

    @Override
    public void close() {
        delegate.close();
    }

    private static final class Operation {
        private final Timer duration;
        private final Counter errors;
        private final StoreOutage outage;

        Operation(String name, MeterRegistry registry, StoreOutage outage) {
            this.outage = outage;
            duration = Timer.builder("riskgate.state.operation.duration")
                    .description("Time spent in the state store per operation")
                    .tag("operation", name).serviceLevelObjectives(BUCKETS).register(registry);
            errors = Counter.builder("riskgate.state.errors")
                    .description("State store operations that failed in the store, by operation")
                    .tag("operation", name).register(registry);
        }

        <R> R time(Supplier<R> call) {
            long start = System.nanoTime();
            try {
                R result = call.get();
                outage.succeeded();
                return result;
            } catch (RuntimeException e) {
                errors.increment();
                outage.failed();
                throw e;
            } finally {
                duration.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            }
        }
    }
}
