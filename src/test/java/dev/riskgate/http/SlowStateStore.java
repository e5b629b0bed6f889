package dev.riskgate.http;

import dev.riskgate.state.Applied;
import dev.riskgate.state.Commit;
import dev.riskgate.state.DecisionRecord;
import dev.riskgate.state.Snapshot;
import dev.riskgate.state.StateKeys;
import dev.riskgate.state.StateStore;
import dev.riskgate.state.StateUnavailable;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real store (the service's own) with the slowness and outages a test asks for: the next read or
 * commit of a named event waits first, or every call fails as an unreachable store does. It counts the
 * commits that reached the store underneath, per event.
 */
public final class SlowStateStore implements StateStore {

    private final Map<String, Duration> slowReads = new ConcurrentHashMap<>();
    private final Map<String, Duration> slowCommits = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> commits = new ConcurrentHashMap<>();
    private volatile StateStore inner;
    private volatile boolean down;

    /** Wraps the service's store; pass as {@code RunningRiskgate.with(settings, slow::around)}. */
    public StateStore around(StateStore store) {
        this.inner = store;
        return this;
    }

    /** The next snapshot of {@code eventId} waits {@code delay} before reading. */
    public void delayNextRead(String eventId, Duration delay) {
        slowReads.put(eventId, delay);
    }

    /** The next commit of {@code eventId} waits {@code delay} before writing. */
    public void delayNextCommit(String eventId, Duration delay) {
        slowCommits.put(eventId, delay);
    }

    /** While true, every call fails with {@link StateUnavailable}, as an unreachable store's do. */
    public void down(boolean down) {
        this.down = down;
    }

    /** Commits of {@code eventId} that reached the store underneath. */
    public int commits(String eventId) {
        AtomicInteger n = commits.get(eventId);
        return n == null ? 0 : n.get();
    }

    /** The store underneath, read directly (no delay, no outage). */
    public StateStore inner() {
        return inner;
    }

    @Override
    public Optional<DecisionRecord> decision(String eventId) {
        failIfDown();
        return inner.decision(eventId);
    }

    @Override
    public Snapshot snapshot(StateKeys keys) {
        failIfDown();
        pause(slowReads.remove(keys.eventId()));
        return inner.snapshot(keys);
    }

    @Override
    public Applied apply(Commit commit) {
        failIfDown();
        String eventId = commit.keys().eventId();
        pause(slowCommits.remove(eventId));
        Applied applied = inner.apply(commit);
        commits.computeIfAbsent(eventId, k -> new AtomicInteger()).incrementAndGet();
        return applied;
    }

    @Override
    public void prepare() {
        failIfDown();
        inner.prepare();
    }

    @Override
    public dev.riskgate.state.Outbox outbox() {
        return inner.outbox();
    }

    @Override
    public void close() {
        inner.close();
    }

    private void failIfDown() {
        if (down) {
            throw new StateUnavailable("the test took the store down", null);
        }
    }

    private static void pause(Duration delay) {
        if (delay == null) {
            return;
        }
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StateUnavailable("interrupted", e);
        }
    }
}
