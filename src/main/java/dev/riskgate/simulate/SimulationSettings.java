package dev.riskgate.simulate;

import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * What to simulate: how many accounts, over how many days from which midnight (Japan time), with which
 * seed, in which {@link World}. The world's warm-up days are the first of the {@code days}: history
 * with no attacks in it. The same settings always produce the same stream, byte for byte.
 */
public record SimulationSettings(int accounts, int days, long seed, OffsetDateTime start, World world) {

    public static final ZoneOffset JST = ZoneOffset.ofHours(9);
    /** The week 7pay launched and was drained. */
    public static final OffsetDateTime DEFAULT_START = OffsetDateTime.of(2019, 7, 1, 0, 0, 0, 0, JST);
    public static final int MAX_ACCOUNTS = 5_000_000;
    public static final int MAX_DAYS = 3660;

    public SimulationSettings {
        if (accounts < 1 || accounts > MAX_ACCOUNTS) {
            throw new IllegalArgumentException("accounts must be in the range [1, " + MAX_ACCOUNTS + "], was " + accounts);
        }
        if (days < 1 || days > MAX_DAYS) {
            throw new IllegalArgumentException("days must be in the range [1, " + MAX_DAYS + "], was " + days);
        }
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(world, "world");
        if (world.warmDays() >= days) {
            throw new IllegalArgumentException("the world's " + world.warmDays() + " warm-up days leave none of the "
                    + days + " days to score");
        }
        start = start.withOffsetSameInstant(JST);
        if (!start.toLocalTime().equals(LocalTime.MIDNIGHT)) {
            throw new IllegalArgumentException("start must be a midnight in Japan time, like 2019-07-01T00:00:00+09:00, was " + start);
        }
    }

    public SimulationSettings(int accounts, int days, long seed) {
        this(accounts, days, seed, DEFAULT_START, World.BASELINE);
    }

    /** The first moment after the simulated period. */
    public OffsetDateTime end() {
        return start.plusDays(days);
    }

    /** When the warm-up history ends and scoring starts (the start itself in a cold world). */
    public OffsetDateTime scoredFrom() {
        return start.plusDays(world.warmDays());
    }

    CampaignMix campaigns() {
        return world.attacks();
    }

    /** Epoch second of the given day's midnight. */
    long dayStart(int day) {
        return start.plusDays(day).toEpochSecond();
    }

    boolean weekend(int day) {
        return switch (start.plusDays(day).getDayOfWeek()) {
            case SATURDAY, SUNDAY -> true;
            default -> false;
        };
    }
}
