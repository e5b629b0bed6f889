package dev.riskgate.event;

import java.util.Locale;

/** The two wallet operations a gateway scores; the wire names are lower case. */
public enum EventType {
    CHARGE, PURCHASE;

    /** Kept, not derived per call: fact building asks for it for every event in every history. */
    private final String wireName = name().toLowerCase(Locale.ROOT);

    public String wireName() {
        return wireName;
    }
}
