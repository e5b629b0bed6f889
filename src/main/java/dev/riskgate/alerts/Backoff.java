package dev.riskgate.alerts;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * When a failed delivery is tried again: {@code first}, doubling each attempt up to {@code longest}, each
 * delay jittered by ±20% so that endpoints coming back are not hit by every queued alert at once; never
 * sooner than the receiver's {@code Retry-After}. Past {@code giveUpAfter} since the alert was raised (about
 * three days, as Stripe and the Standard Webhooks spec), it goes to the dead letters.
 */
public record Backoff(Duration first, Duration longest, Duration giveUpAfter) {

    public static final Backoff DEFAULT = new Backoff(Duration.ofSeconds(30), Duration.ofHours(6), Duration.ofDays(3));

    public Backoff {
        if (first.isNegative() || first.isZero() || longest.compareTo(first) < 0 || giveUpAfter.compareTo(first) < 0) {
            throw new IllegalArgumentException("backoff must satisfy 0 < first <= longest and first <= giveUpAfter, was "
                    + first + ", " + longest + ", " + giveUpAfter);
        }
    }

    /** The delay after failed attempt number {@code attempt} (1 for the first), at least {@code retryAfter}. */
    public Duration delay(int attempt, Duration retryAfter) {
        long base = first.toMillis() << Math.min(attempt - 1, 30);
        long capped = Math.min(base <= 0 ? Long.MAX_VALUE : base, longest.toMillis());
        long jittered = (long) (capped * ThreadLocalRandom.current().nextDouble(0.8, 1.2));
        return Duration.ofMillis(Math.max(jittered, retryAfter == null ? 0 : retryAfter.toMillis()));
    }

    /**
     * The number of the attempt due {@code age} after the alert was raised, as this backoff would have made
     * them, each delay at its shortest (jitter at -20%): what a dispatcher that did not make the earlier
     * attempts (restarted, or another instance) counts from, so that delays keep growing instead of
     * starting again at {@code first}.
     */
    public int attemptAt(Duration age) {
        long elapsed = 0;
        int attempt = 1;
        while (attempt < 64) {
            long base = first.toMillis() << Math.min(attempt - 1, 30);
            long shortest = (long) (Math.min(base <= 0 ? Long.MAX_VALUE : base, longest.toMillis()) * 0.8);
            if (elapsed + shortest > age.toMillis()) {
                break;
            }
            elapsed += shortest;
            attempt++;
        }
        return attempt;
    }
}
