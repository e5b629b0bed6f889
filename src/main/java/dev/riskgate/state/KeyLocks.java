package dev.riskgate.state;

import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * One lock per key, held only while in use. Unlike striped locks, two different keys never share a
 * lock, so decisions on different accounts never wait for each other. Several keys are always taken in
 * sorted order, so two callers sharing an account and a device cannot deadlock.
 */
public final class KeyLocks {

    private static final class Held {
        final ReentrantLock lock = new ReentrantLock();
        int users;
    }

    private final ConcurrentHashMap<String, Held> held = new ConcurrentHashMap<>();

    /** Waiting for a key's lock took past the deadline: {@code body} did not run. */
    public static final class WaitExpired extends RuntimeException {
        WaitExpired(String key) {
            super("waited past the deadline for " + key, null, false, false);
        }
    }

    /** Runs {@code body} holding the locks of every non-null key. */
    public <R> R withLocks(Supplier<R> body, String... keys) {
        return withLocks(body, 0, false, keys);
    }

    /**
     * Runs {@code body} holding the locks of every non-null key, waiting for them no later than
     * {@code deadline} ({@link System#nanoTime()}): a request whose answer has gone out does not keep a
     * thread queued behind one that is stuck. Throws {@link WaitExpired} when the wait passes it.
     */
    public <R> R withLocks(Supplier<R> body, long deadline, String... keys) {
        return withLocks(body, deadline, true, keys);
    }

    private <R> R withLocks(Supplier<R> body, long deadline, boolean bounded, String... keys) {
        String[] order = sortedDistinct(keys);
        Held[] taken = new Held[order.length];
        int n = 0;
        try {
            for (String key : order) {
                Held h = held.compute(key, (k, v) -> {
                    Held next = v == null ? new Held() : v;
                    next.users++;
                    return next;
                });
                taken[n++] = h;
                if (!bounded) {
                    h.lock.lock();
                } else if (!tryLock(h.lock, deadline)) {
                    held.computeIfPresent(key, (k, v) -> --v.users == 0 ? null : v);
                    n--;
                    throw new WaitExpired(key);
                }
            }
            return body.get();
        } finally {
            for (int i = n - 1; i >= 0; i--) { // the locks taken; a key whose wait expired was given back above
                taken[i].lock.unlock();
                held.computeIfPresent(order[i], (k, v) -> --v.users == 0 ? null : v);
            }
        }
    }

    private static boolean tryLock(ReentrantLock lock, long deadline) {
        try {
            return lock.tryLock(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * The non-null keys, each once, in order. An insertion sort: there are two to four keys, on every
     * decision and commit, and a stream pipeline (a HashSet, a sort buffer, the stages) was most of what
     * taking the locks allocated.
     */
    static String[] sortedDistinct(String[] keys) {
        String[] order = new String[keys.length];
        int n = 0;
        next:
        for (String key : keys) {
            if (key == null) {
                continue;
            }
            int at = 0;
            for (; at < n; at++) {
                int c = order[at].compareTo(key);
                if (c == 0) {
                    continue next;
                }
                if (c > 0) {
                    break;
                }
            }
            System.arraycopy(order, at, order, at + 1, n - at);
            order[at] = key;
            n++;
        }
        return n == order.length ? order : Arrays.copyOf(order, n);
    }
}
