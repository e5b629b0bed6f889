package dev.riskgate.state.embedded;

import java.nio.file.Path;

/**
 * The journal holds damage a crash cannot leave (anything but an incomplete frame at the very end of the
 * newest segment), so starting would lose written, perhaps acknowledged, commits without a word. The
 * message names the segment file and the byte, and says how to repair ({@code riskgate repair}).
 */
public final class JournalDamaged extends RuntimeException {

    private final transient Path segment;
    private final long offset;

    JournalDamaged(String message, Path segment, long offset) {
        super(message);
        this.segment = segment;
        this.offset = offset;
    }

    /** The damaged segment file. */
    public Path segment() {
        return segment;
    }

    /** Where in it the damage starts. */
    public long offset() {
        return offset;
    }
}
