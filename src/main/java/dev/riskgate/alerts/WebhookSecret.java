package dev.riskgate.alerts;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A Standard Webhooks signing secret, {@code whsec_} and the base64 of its key. The signature of a message
 * is {@code v1,} and the base64 of HMAC-SHA256 over {@code id.timestamp.body}; an endpoint with several
 * secrets (a rotation under way) gets one signature per secret, space-separated, so the receiver accepts
 * the message with either.
 */
public record WebhookSecret(byte[] key) {

    private static final String PREFIX = "whsec_";

    public WebhookSecret {
        if (key == null || key.length < 16 || key.length > 64) {
            throw new IllegalArgumentException("a webhook secret's key must be 16 to 64 bytes (24 to 88 base64 "
                    + "characters after whsec_), was " + (key == null ? 0 : key.length) + " bytes");
        }
        key = key.clone();
    }

    /** {@code whsec_<base64>}; the message names the setting, never the secret. */
    public static WebhookSecret parse(String text, String setting) {
        if (text == null || !text.trim().startsWith(PREFIX)) {
            throw new IllegalArgumentException(setting + " must be whsec_ followed by the base64 of the key");
        }
        try {
            return new WebhookSecret(Base64.getDecoder().decode(text.trim().substring(PREFIX.length())));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(setting + ": " + (e.getMessage().startsWith("a webhook secret")
                    ? e.getMessage() : "the part after whsec_ is not base64"));
        }
    }

    /** {@code v1,<base64 HMAC-SHA256(id.timestamp.body)>}. */
    public String sign(String id, long timestampSeconds, String body) {
        return "v1," + Base64.getEncoder().encodeToString(hmac(key, id + "." + timestampSeconds + "." + body));
    }

    /** The {@code webhook-signature} header: one signature per secret, space-separated. */
    public static String header(List<WebhookSecret> secrets, String id, long timestampSeconds, String body) {
        StringBuilder out = new StringBuilder();
        for (WebhookSecret s : secrets) {
            if (!out.isEmpty()) {
                out.append(' ');
            }
            out.append(s.sign(id, timestampSeconds, body));
        }
        return out.toString();
    }

    static byte[] hmac(byte[] key, String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return "WebhookSecret[redacted]";
    }
}
