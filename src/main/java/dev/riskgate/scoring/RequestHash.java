package dev.riskgate.scoring;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Identifies a request body, so a retry can be told from a reused eventId. The canonical form is spelled
 * out here rather than borrowed from a serialiser, so that changing how state is stored can never change
 * which requests count as retries: {@code occurredAt} is compared as an instant (a gateway that writes
 * the same moment with another offset on retry is still recognised) and amounts as the parser normalised
 * them (1000 = 1000.0).
 */
final class RequestHash {

    private RequestHash() {
    }

    static String of(ScoreRequest req) {
        StringBuilder s = new StringBuilder(256);
        field(s, req.eventId());
        field(s, req.type().wireName());
        field(s, req.accountId());
        field(s, req.deviceId());
        field(s, Long.toString(req.occurredAt().toInstant().toEpochMilli()));
        field(s, req.amount().toPlainString());
        field(s, req.currency());
        field(s, req.storeId());
        field(s, req.fundingSource());
        field(s, req.ip());
        for (LineItem item : req.items()) {
            field(s, item.sku());
            field(s, item.category());
            field(s, Integer.toString(item.quantity()));
            field(s, item.unitPrice().toPlainString());
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(s.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
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
