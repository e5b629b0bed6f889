package dev.riskgate.decisionlog;

import java.time.Duration;

/**
 * How much of the decision log is kept and what goes into it.
 *
 * @param maxFileBytes a file is rotated before it grows past this
 * @param maxAge rotated files last written longer ago than this are deleted
 * @param maxTotalBytes the oldest rotated files are deleted while all files together are larger
 * @param redact leave the request's personal fields ({@code ip} and {@code fundingSource}, see
 *               {@link dev.riskgate.event.Field#personal}) out of every line
 */
public record Retention(long maxFileBytes, Duration maxAge, long maxTotalBytes, boolean redact) {

    public static final long DEFAULT_MAX_FILE_BYTES = 64L * 1024 * 1024;
    public static final Duration DEFAULT_MAX_AGE = Duration.ofDays(7);
    public static final long DEFAULT_MAX_TOTAL_BYTES = 8L * 1024 * 1024 * 1024;

    public Retention {
        if (maxFileBytes < 1024) {
            throw new IllegalArgumentException("RISKGATE_LOG_MAX_BYTES must be at least 1024, was " + maxFileBytes);
        }
        if (maxAge == null || maxAge.isZero() || maxAge.isNegative()) {
            throw new IllegalArgumentException("RISKGATE_LOG_RETENTION_DAYS must be at least 1, was " + maxAge);
        }
        if (maxTotalBytes < maxFileBytes) {
            throw new IllegalArgumentException("RISKGATE_LOG_MAX_TOTAL_BYTES must be at least RISKGATE_LOG_MAX_BYTES ("
                    + maxFileBytes + "), was " + maxTotalBytes);
        }
    }

    public static Retention defaults() {
        return new Retention(DEFAULT_MAX_FILE_BYTES, DEFAULT_MAX_AGE, DEFAULT_MAX_TOTAL_BYTES, false);
    }

    /** The same, with an age limit of at least {@code age}. */
    public Retention keptAtLeast(Duration age) {
        return maxAge.compareTo(age) >= 0 ? this : new Retention(maxFileBytes, age, maxTotalBytes, redact);
    }

    public Retention withMaxFileBytes(long bytes) {
        return new Retention(bytes, maxAge, Math.max(maxTotalBytes, bytes), redact);
    }
}
