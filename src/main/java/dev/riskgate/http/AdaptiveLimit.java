package dev.riskgate.http;

import java.time.Duration;

/**
 * How many requests may be in progress at once, found by trying (additive increase, multiplicative
 * decrease, as TCP finds a window): each answer faster than the target raises the limit by 1/limit, an
 * answer slower than the target cuts it by a tenth, at most once per target interval. On a box whose CPU
 * is shared or slow, a fixed bound either wastes capacity or lets every request crawl; this one settles
 * where answers stay fast, between {@code min} and {@code max}.
 */
final class AdaptiveLimit {

    /** An answer slower than this means requests are waiting on each other, not on their own work. */
    static final Duration TARGET = Duration.ofMillis(100);
    private static final double BACKOFF = 0.9;

    private final int min;
    private final int max;
    private double limit;
    private long lastDecrease;

    AdaptiveLimit(int min, int initial, int max) {
        if (min < 1 || initial < min || max < initial) {
            throw new IllegalArgumentException("limits must satisfy 1 <= min <= initial <= max, were " + min + ", "
                    + initial + ", " + max);
        }
        this.min = min;
        this.max = max;
        this.limit = initial;
    }

    synchronized int current() {
        return (int) limit;
    }

    /** Records one answer that took {@code nanos} from admission to its end. */
    synchronized void answered(long nanos, long now) {
        if (nanos > TARGET.toNanos()) {
            if (now - lastDecrease > TARGET.toNanos()) {
                limit = Math.max(min, limit * BACKOFF);
                lastDecrease = now;
            }
        } else {
            limit = Math.min(max, limit + 1 / limit);
        }
    }
}
