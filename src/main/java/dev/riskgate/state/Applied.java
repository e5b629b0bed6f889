package dev.riskgate.state;

/**
 * What {@link StateStore#apply} did: {@code applied} when the whole commit was written, and the event's
 * record as stored once the call returned (the commit's own when applied; the one that stood in the way
 * when refused, or null when none is stored).
 */
public record Applied(boolean applied, DecisionRecord stored) {
}
