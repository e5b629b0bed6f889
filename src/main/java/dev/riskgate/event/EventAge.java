package dev.riskgate.event;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How far behind the server's clock a live event's {@code occurredAt} may be (RISKGATE_MAX_EVENT_AGE).
 * History decides trust, so an event dated in the past is a claim about the past: a caller free to
 * back-date could lay down the "old, quiet" history that makes a device look like the owner's. Live
 * scoring therefore takes only events that are happening now, give or take the lag of a retried call;
 * settled history goes through {@code riskgate import}, an operator's command, not an API route.
 * Replay, scenario files and import score history by design and do not use this check.
 *
 * <p>The default, one hour, is far longer than a gateway needs (a score call is made while the payment
 * waits; retries of a timed-out call follow within minutes) and far shorter than any stretch of history
 * that builds trust.
 */
public record EventAge(Duration max) {

    public static final Duration DEFAULT = Duration.ofHours(1);
    public static final String SETTING = "RISKGATE_MAX_EVENT_AGE";
    /** The refusal's code. */
    public static final String TOO_OLD = "too_old";
    private static final Duration MIN = Duration.ofMinutes(1);
    private static final Duration MAX = Duration.ofDays(3650);
    private static final Pattern TEXT = Pattern.compile("(\\d{1,9})([smhd])");

    public EventAge {
        if (max == null || max.compareTo(MIN) < 0 || max.compareTo(MAX) > 0) {
            throw new IllegalArgumentException(SETTING + " must be in the range [1m, 3650d], was " + (max == null ? null : text(max)));
        }
    }

    public static EventAge defaults() {
        return new EventAge(DEFAULT);
    }

    /** Reads {@code 30m}, {@code 24h}, {@code 400d} (or seconds, {@code 90s}); null or blank is the default. */
    public static EventAge parse(String raw) {
        return new EventAge(duration(SETTING, raw, DEFAULT));
    }

    /**
     * A duration setting as riskgate spells them, {@code 30m}, {@code 24h}, {@code 400d} (or seconds,
     * {@code 90s}); null or blank is {@code absent}.
     */
    public static Duration duration(String setting, String raw, Duration absent) {
        if (raw == null || raw.isBlank()) {
            return absent;
        }
        Matcher m = TEXT.matcher(raw.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException(setting + " must be a number and a unit (s, m, h or d), like 30m, 24h "
                    + "or 400d, was '" + raw + "'");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
    }

    /** Refuses {@code req} when it occurred longer than {@link #max} before {@code clock}'s now. */
    public void check(ScoreRequest req, Clock clock) {
        Instant now = clock.instant();
        Duration age = Duration.between(req.occurredAt().toInstant(), now);
        if (age.compareTo(max) > 0) {
            throw new BadRequest(Field.OCCURRED_AT.wireName(), TOO_OLD, Field.OCCURRED_AT.wireName() + " is "
                    + text(age) + " before the server's clock; live scoring takes events at most " + text(max)
                    + " old (" + SETTING + "). Settled history is loaded with riskgate import");
        }
    }

    /** The largest whole unit that says it: 90s, 30m, 24h, 400d. */
    static String text(Duration d) {
        long s = d.toSeconds();
        if (s % 86_400 == 0) {
            return s / 86_400 + "d";
        }
        if (s >= 86_400) {
            return s / 86_400 + "d" + (s % 86_400) / 3600 + "h";
        }
        if (s % 3600 == 0) {
            return s / 3600 + "h";
        }
        if (s >= 3600) {
            return s / 3600 + "h" + (s % 3600) / 60 + "m";
        }
        return s % 60 == 0 ? s / 60 + "m" : s + "s";
    }

    @Override
    public String toString() {
        return text(max);
    }
}
