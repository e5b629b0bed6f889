package dev.riskgate.state;

import java.util.Arrays;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Striped locks over state keys. Locks for several keys are always taken in stripe order, so two
 * requests sharing an account and a device cannot deadlock.
 */
public final class KeyLocks {

    private final ReentrantLock[] stripes;

    public KeyLocks(int stripes) {
        if (stripes < 1) {
            throw new IllegalArgumentException("stripes must be at least 1, was " + stripes);
        }
        this.stripes = new ReentrantLock[stripes];
        for (int i = 0; i < stripes; i++) {
            this.stripes[i] = new ReentrantLock();
        }
    }

    /** Runs {@code body} holding the locks of every non-null key. */
    public <R> R withLocks(java.util.function.Supplier<R> body, String... keys) {
        int[] order = Arrays.stream(keys).filter(java.util.Objects::nonNull)
                .mapToInt(k -> Math.floorMod(k.hashCode() * 0x9E3779B9, stripes.length))
                .distinct().sorted().toArray();
        int taken = 0;
        try {
            for (int i : order) {
                stripes[i].lock();
                taken++;
            }
            return body.get();
        } finally {
            for (int k = taken - 1; k >= 0; k--) {
                stripes[order[k]].unlock();
            }
        }
    }
}
