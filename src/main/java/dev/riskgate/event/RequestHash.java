package dev.riskgate.event;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * Identifies a request body, so a retry can be told from a reused eventId. Stores keep the hash with each
 * answer, so its bytes must never change for a body that could already be stored: the canonical form is
 * spelled out by each {@link Field}'s wire kind rather than borrowed from a serialiser. {@code occurredAt}
 * is compared as an instant (a gateway that writes the same moment with another offset on retry is still
 * recognised) and amounts as the parser normalised them (1000 = 1000.0).
 */
public final class RequestHash {

    /**
     * The fields of the first release are spelled by position, absent ones too. A field added after them
     * is spelled only when present, after its name, so a request without it keeps the hash it was stored
     * with and a retry after an upgrade is still recognised.
     */
    private static final Field LAST_POSITIONAL = Field.ITEMS;

    private RequestHash() {
    }

    public static String of(ScoreRequest req) {
        StringBuilder s = new StringBuilder(256);
        for (Field f : Field.IN_ORDER) {
            if (f.compareTo(LAST_POSITIONAL) > 0) {
                if (!f.presentIn(req)) {
                    continue;
                }
                // '+' cannot start a length prefix, so a named field is never read as an earlier value
                s.append('+').append(f.wireName()).append('=');
            }
            f.wire().spell(f.of(req), value -> field(s, value));
        }
        return HexFormat.of().formatHex(Sha256.of(s.toString().getBytes(StandardCharsets.UTF_8)), 0, 16);
    }

    /** Length-prefixed, so no choice of values can make two different requests spell the same string. */
    private static void field(StringBuilder s, String value) {
        if (value == null) {
            s.append("-1:");
        } else {
            s.append(value.length()).append(':').append(value);
        }
    }
}
