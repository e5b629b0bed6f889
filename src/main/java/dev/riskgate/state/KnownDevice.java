package dev.riskgate.state;

import java.time.Instant;

/** A device the account has used. {@code trustedAt} is null until an allowed event or a passed step-up. */
public record KnownDevice(String deviceId, Instant firstSeen, Instant lastSeen, Instant trustedAt) {
    public boolean trusted() {
        return trustedAt != null;
    }
}
