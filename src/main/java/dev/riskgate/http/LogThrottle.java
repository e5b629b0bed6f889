package dev.riskgate.http;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * At most one log line per interval for a failure that repeats on every request (the state store down):
 * a two-second Redis outage at 400 requests a second would otherwise write 800 WARN lines. The line that
 * is let through says how many were left out; the metrics count every one.
 */
final class LogThrottle {

    private final long intervalNanos;
    private final LongSupplier nanoTime;
    private final AtomicLong nextDue;
    private final AtomicLong left = new AtomicLong();

    LogThrottle(Duration interval, LongSupplier nanoTime) {
        this.intervalNanos = interval.toNanos();
        this.nanoTime = nanoTime;
        this.nextDue = new AtomicLong(nanoTime.getAsLong());
    }

    LogThrottle(Duration interval) {
        this(interval, System::nanoTime);
    }

    /** Whether to log this one: -1 to stay quiet, otherwise how many were left out since the last line. */
    long admit() {
        long now = nanoTime.getAsLong();
        long due = nextDue.get();
        if (now - due < 0 || !nextDue.compareAndSet(due, now + intervalNanos)) {
            left.incrementAndGet();
            return -1;
        }
        return left.getAndSet(0);
    }

    /** A suffix for the line that is let through. */
    static String leftOut(long n) {
        return n == 0 ? "" : " (" + n + " more like it since the last line)";
    }
}
