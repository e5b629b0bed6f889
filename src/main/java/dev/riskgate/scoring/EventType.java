package dev.riskgate.scoring;

/** The two wallet operations a gateway scores; the wire names are lower case. */
public enum EventType {
    CHARGE, PURCHASE;

    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
