package dev.riskgate.alerts;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

/**
 * The owner's token for one alert: {@code <alertId>.<expires, epoch seconds>.<base64url HMAC-SHA256>},
 * signed with the deployment's token key, so every instance checks what any instance issued. The token
 * says which alert and until when; that it is used once is the store's to keep (the owner's answer).
 */
public final class AlertTokens {

    /** How long an owner may answer an alert. */
    public static final Duration DEFAULT_TTL = Duration.ofDays(7);

    private final byte[] key;
    private final Duration ttl;

    public AlertTokens(byte[] key, Duration ttl) {
        if (key.length < 16) {
            throw new IllegalArgumentException("the alert token key must be at least 16 bytes, was " + key.length);
        }
        this.key = key.clone();
        this.ttl = ttl;
    }

    /** Tokens keyed from a webhook secret: a deployment with one secret needs no second one. */
    public static AlertTokens derivedFrom(WebhookSecret secret) {
        return new AlertTokens(WebhookSecret.hmac(secret.key(), "riskgate alert tokens"), DEFAULT_TTL);
    }

    public String issue(String alertId, Instant now) {
        long expires = now.plus(ttl).getEpochSecond();
        return alertId + "." + expires + "." + mac(alertId, expires);
    }

    /** Whether {@code token} was issued for {@code alertId}, and its expiry; throws {@link Refused} otherwise. */
    public void check(String alertId, String token, Instant now) {
        if (token == null) {
            throw new Refused("invalid_token", "the token is missing");
        }
        String[] parts = token.split("\\.");
        if (parts.length != 3 || !parts[0].equals(alertId)) {
            throw new Refused("invalid_token", "the token is not for this alert");
        }
        long expires;
        try {
            expires = Long.parseLong(parts[1]);
        } catch (NumberFormatException e) {
            throw new Refused("invalid_token", "the token is malformed");
        }
        if (!MessageDigest.isEqual(mac(alertId, expires).getBytes(StandardCharsets.US_ASCII),
                parts[2].getBytes(StandardCharsets.US_ASCII))) {
            throw new Refused("invalid_token", "the token's signature does not match");
        }
        if (now.getEpochSecond() > expires) {
            throw new Refused("token_expired", "the token expired at " + Instant.ofEpochSecond(expires));
        }
    }

    private String mac(String alertId, long expires) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(WebhookSecret.hmac(key, alertId + "." + expires));
    }

    /** A token refused: {@code code} is the JSON error's code. */
    public static final class Refused extends RuntimeException {
        private final String code;

        public Refused(String code, String message) {
            super(message);
            this.code = code;
        }

        public String code() {
            return code;
        }
    }
}
