package dev.riskgate.state;

import java.time.Instant;
import java.util.Objects;

/**
 * Whether the account's owner froze it ("not me" on an alert), and since when; {@code why} is said in every
 * answer while frozen. An unfreeze is kept too ({@code frozen} false), so that a freeze operation applied
 * again later (a Redis sweeper finishing an old commit) cannot bring back a freeze already lifted: of two
 * changes, the one with the later {@code at} stands ({@link Histories#fold}).
 */
public record OwnerFreeze(boolean frozen, String why, Instant at) {

    public OwnerFreeze {
        why = why == null ? "" : why;
        Objects.requireNonNull(at, "at");
    }
}
