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
        this.delegate = delegate;
        this.lookup = new Operation("lookup", registry);
        this.read = new Operation("read", registry);
        this.write = new Operation("write", registry);
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

    @Override
    public void prepare() {
        delegate.prepare();
    }

    @Override
    public void close() {
        delegate.close();
    }

    private static final class Operation {
        private final Timer duration;
        private final Counter errors;

        Operation(String name, MeterRegistry registry) {
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
                return call.get();
            } catch (RuntimeException e) {
                errors.increment();
                throw e;
            } finally {
                duration.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            }
        }
    }
}
