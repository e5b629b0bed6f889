package dev.riskgate.http.console;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Console logins, in memory: a random session id (the cookie) maps to the key id that logged in and the
 * session's CSRF token. The key itself is never stored. A restart logs everybody out, which is the safe
 * direction; an idle session ends after {@link #IDLE}.
 */
final class ConsoleSessions {

    static final Duration IDLE = Duration.ofHours(8);
    private static final SecureRandom RANDOM = new SecureRandom();

    /** {@code id} is also the holder of the review queue's leases: two tabs of one login share a case. */
    record Session(String id, String keyId, String csrf, Instant lastUsed) {
    }

    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final Clock clock;

    ConsoleSessions(Clock clock) {
        this.clock = clock;
    }

    Session open(String keyId) {
        sessions.values().removeIf(s -> expired(s));
        Session s = new Session(token(), keyId, token(), clock.instant());
        sessions.put(s.id(), s);
        return s;
    }

    Optional<Session> find(String id) {
        if (id == null) {
            return Optional.empty();
        }
        Session s = sessions.get(id);
        if (s == null || expired(s)) {
            sessions.remove(id);
            return Optional.empty();
        }
        Session used = new Session(s.id(), s.keyId(), s.csrf(), clock.instant());
        sessions.put(id, used);
        return Optional.of(used);
    }

    void close(String id) {
        if (id != null) {
            sessions.remove(id);
        }
    }

    private boolean expired(Session s) {
        return s.lastUsed().plus(IDLE).isBefore(clock.instant());
    }

    static String token() {
        byte[] b = new byte[24];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
