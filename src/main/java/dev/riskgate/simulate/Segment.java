package dev.riskgate.simulate;

/** The kind of customer an account belongs to, for checks such as "a regular smoker is never blocked". */
public enum Segment {
    OTHER(""),
    /** Buys one or two packs most days, ten packs or a carton now and then. */
    PACK_SMOKER("pack-smoker"),
    /** Buys a carton every week or two. */
    CARTON_SMOKER("carton-smoker");

    private final String label;

    Segment(String label) {
        this.label = label;
    }

    /** What the labels file says; empty for {@link #OTHER}. */
    public String label() {
        return label;
    }
}
