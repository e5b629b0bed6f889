package dev.riskgate.state.codec;

import dev.riskgate.state.HistoryEvent;
import java.util.HashMap;

/**
 * Shares what a recovery reads many times: one event sits in its account's, device's and store's
 * history, and ids repeat in every event. In the running store those are one object; without this a
 * restart would decode each copy separately and need about twice the heap.
 */
public final class Canon {
    private final HashMap<String, String> strings = new HashMap<>();
    private final HashMap<String, HistoryEvent> events = new HashMap<>();

    String string(String s) {
        String known = strings.putIfAbsent(s, s);
        return known == null ? s : known;
    }

    HistoryEvent event(HistoryEvent e) {
        HistoryEvent known = events.get(e.eventId());
        if (e.equals(known)) {
            return known;
        }
        events.put(e.eventId(), e);
        return e;
    }
}
