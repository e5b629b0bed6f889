package dev.riskgate.state;

import java.util.List;

/** The recent attempts seen on one device or at one store, across accounts. */
public record EventLog(List<HistoryEvent> events) {

    public static final EventLog EMPTY = new EventLog(List.of());

    public EventLog {
        events = events == null ? List.of() : List.copyOf(events);
    }
}
