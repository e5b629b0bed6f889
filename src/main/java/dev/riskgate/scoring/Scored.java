package dev.riskgate.scoring;

/**
 * A decision with how it was reached: {@code replayed} when it is the stored answer to a retry, and
 * the time spent reading state, evaluating rules and writing state (zero for a replay's last two).
 */
public record Scored(Decision decision, boolean replayed, EventType type, long readNanos, long evalNanos, long writeNanos) {
}
