package dev.riskgate.state;

import dev.riskgate.event.EventType;
import java.time.Instant;

/** One settled amount in the account's profile of what it usually charges and spends. */
public record SettledAmount(String eventId, EventType type, Instant at, double amount) {
}
