package dev.riskgate.files;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Appends from many threads to one file, written by whichever of them gets the lock first: it writes every
 * append queued by then in one batch (group commit), so threads that arrive while a write is under way
 * cost one write call together instead of one each, and take the lock in turn only to find their append
 * done. A caller returns once its own append is written, or throws what failed its batch: a batch is
 * written whole or not at all ({@link Batch}), so a failure never leaves a caller's append half there.
 *
 * @param <T> what a caller appends
 * @param <R> what it gets back (where its append landed)
 */
public final class GroupedWrites<T, R> {

    /** Writes a batch, in order, and answers each item's result in the same order. */
    public interface Batch<T, R> {
        /** Throws to fail the whole batch, having written none of it. */
        List<R> write(List<T> items);
    }

    private final ReentrantLock lock;
    private final Batch<T, R> batch;
    private final int maxBatch;
    private final ConcurrentLinkedQueue<Slot<T, R>> queued = new ConcurrentLinkedQueue<>();
    private long batches;

    /**
     * {@code lock} is the file's own (so that whatever else holds it, a rotation, excludes writes);
     * {@code maxBatch} bounds how many appends one caller writes for the others.
     */
    public GroupedWrites(ReentrantLock lock, int maxBatch, Batch<T, R> batch) {
        if (maxBatch < 1) {
            throw new IllegalArgumentException("maxBatch must be at least 1, was " + maxBatch);
        }
        this.lock = lock;
        this.maxBatch = maxBatch;
        this.batch = batch;
    }

    /** Appends {@code item}, written by this thread or by another that got the lock first. */
    public R append(T item) {
        Slot<T, R> mine = new Slot<>(item);
        queued.add(mine);
        lock.lock();
        try {
            while (!mine.done) {
                writeQueued();
            }
        } finally {
            lock.unlock();
        }
        if (mine.failure != null) {
            throw mine.failure;
        }
        return mine.result;
    }

    /** How many batches were written (or failed) so far: fewer than the appends when some were grouped. */
    public long batches() {
        lock.lock();
        try {
            return batches;
        } finally {
            lock.unlock();
        }
    }

    private void writeQueued() {
        List<Slot<T, R>> slots = new ArrayList<>(Math.min(maxBatch, 16));
        List<T> items = new ArrayList<>(Math.min(maxBatch, 16));
        Slot<T, R> next;
        while (slots.size() < maxBatch && (next = queued.poll()) != null) {
            slots.add(next);
            items.add(next.item);
        }
        batches++;
        try {
            List<R> results = batch.write(items);
            for (int i = 0; i < slots.size(); i++) {
                slots.get(i).result = results.get(i);
            }
        } catch (RuntimeException | Error e) {
            RuntimeException failure = e instanceof RuntimeException r ? r : new IllegalStateException("write failed", e);
            for (Slot<T, R> s : slots) {
                s.failure = failure;
            }
        } finally {
            for (Slot<T, R> s : slots) {
                s.done = true;
            }
        }
    }

    /** One caller's append; its fields are written and read under the lock. */
    private static final class Slot<T, R> {
        final T item;
        R result;
        RuntimeException failure;
        boolean done;

        Slot(T item) {
            this.item = item;
        }
    }
}
