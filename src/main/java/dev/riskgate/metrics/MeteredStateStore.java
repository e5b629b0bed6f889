package dev.riskgate.metrics;

import dev.riskgate.state.Change;
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
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A {@link StateStore} that times every operation and counts its failures, as
 * {@code riskgate_state_operation_duration_seconds{operation}} and
 * {@code riskgate_state_errors_total{operation}}; operation is {@code lookup} (a stored decision by event
 * id) or {@code transaction} (an atomic read, work, write). A transaction's time leaves out the time
 * spent in the caller's work (rule evaluation), and a failure thrown by that work (a conflict, an
 * unknown event) is the caller's, not a store error.
 */
public final class MeteredStateStore implements StateStore {

    private static final Duration[] BUCKETS = {
            Duration.ofNanos(100_000), Duration.ofNanos(250_000), Duration.ofNanos(500_000), Duration.ofMillis(1),
            Duration.ofNanos(2_500_000), Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25),
            Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofSeconds(1)};

    private final StateStore delegate;
    private final Operation lookup;
    private final Operation transaction;

    public MeteredStateStore(StateStore delegate, MeterRegistry registry) {
        this.delegate = delegate;
        this.lookup = new Operation("lookup", registry);
        this.transaction = new Operation("transaction", registry);
    }

    @Override
    public Optional<DecisionRecord> decision(String eventId) {
        return lookup.time(() -> delegate.decision(eventId), new WorkTime());
    }

    @Override
    public <R> R atomically(StateKeys keys, Function<Snapshot, Change<R>> work) {
        WorkTime inWork = new WorkTime();
        return transaction.time(() -> delegate.atomically(keys, snapshot -> inWork.run(work, snapshot)), inWork);
    }

    @Override
    public void close() {
        delegate.close();
    }

    /** The time spent in, and any failure of, the caller's work inside one store call. */
    private static final class WorkTime {
        private long nanos;
        private boolean failed;

        <T, R> R run(Function<T, R> work, T input) {
            long start = System.nanoTime();
            try {
                return work.apply(input);
            } catch (RuntimeException e) {
                failed = true;
                throw e;
            } finally {
                nanos += System.nanoTime() - start;
            }
        }
    }

    private static final class Operation {
        private final Timer duration;
        private final Counter errors;

        Operation(String name, MeterRegistry registry) {
            duration = Timer.builder("riskgate.state.operation.duration")
                    .description("Time spent in the state store per operation, excluding rule evaluation")
                    .tag("operation", name).serviceLevelObjectives(BUCKETS).register(registry);
            errors = Counter.builder("riskgate.state.errors")
                    .description("State store operations that failed in the store, by operation")
                    .tag("operation", name).register(registry);
        }

        <R> R time(Supplier<R> call, WorkTime inWork) {
            long start = System.nanoTime();
            try {
                return call.get();
            } catch (RuntimeException e) {
                if (!inWork.failed) {
                    errors.increment();
                }
                throw e;
            } finally {
                duration.record(Math.max(0, System.nanoTime() - start - inWork.nanos), TimeUnit.NANOSECONDS);
            }
        }
    }
}
