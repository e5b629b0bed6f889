package dev.riskgate.scoring;

import dev.riskgate.state.StateCodec;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Identifies a request body, so a retry can be told from a reused eventId. The stored form writes
 * {@code occurredAt} as an instant, so a gateway that re-serialises the same moment with another offset
 * on retry is still recognised; amounts are already normalised by the parser (1000 = 1000.0).
 */
final class RequestHash {

    private RequestHash() {
    }

    static String of(ScoreRequest req) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(StateCodec.write(req).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
