package dev.riskgate.state;

import java.util.Optional;
import java.util.function.Function;

/**
 * Durable account, device and store history plus stored decisions. Implementations: the embedded
 * SQLite store (serving, one box) and the in-memory store (replays and backtests, nothing durable).
 */
public interface StateStore extends AutoCloseable {

    /** The stored answer for an event, if it is still kept. */
    Optional<DecisionRecord> decision(String eventId);

    /**
     * Reads the snapshot for {@code keys}, runs {@code work} on it and writes its change, as one atomic
     * step: no concurrent call on any of the same keys interleaves, and once this returns the change is
     * durable (it survives a crash of the process). {@code work} must be free of side effects: an
     * implementation may run it more than once.
     */
    <R> R atomically(StateKeys keys, Function<Snapshot, Change<R>> work);

    @Override
    void close();
}
