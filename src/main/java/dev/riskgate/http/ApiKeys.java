package dev.riskgate.http;

import dev.riskgate.config.Access;
import dev.riskgate.event.Sha256;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The keys the service accepts, by scope, held only as SHA-256 hashes. A key is known in logs and in the
 * audit log by its id, the first 8 hex digits of its hash: enough to tell keys apart during a rotation,
 * useless for guessing the key.
 */
public final class ApiKeys {

    /**
     * What a key opens. Scopes are disjoint, except that an admin key may also read metrics and do
     * everything an analyst key does (the console, the dry run, decision reads).
     */
    public enum Scope {
        API("/v1/*", "RISKGATE_API_KEYS"),
        ADMIN("/admin/*", "RISKGATE_ADMIN_KEYS"),
        METRICS("/metrics", "RISKGATE_METRICS_KEYS or RISKGATE_ADMIN_KEYS"),
        ANALYST("/console", "RISKGATE_ANALYST_KEYS or RISKGATE_ADMIN_KEYS");

        final String routes;
        final String setting;

        Scope(String routes, String setting) {
            this.routes = routes;
            this.setting = setting;
        }
    }

    /** Who called: the key's id and what it opens. */
    public record Caller(String keyId, Set<Scope> scopes) {
    }

    /** A configured key, by the hash of it. */
    private record Key(Scope scope, byte[] hash) {
    }

    /** A configured key and who presents it: worked out once, not on every request. */
    private record Entry(Key key, Caller caller) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(ApiKeys.class);

    private final List<Entry> entries;
    private final boolean open;

    private ApiKeys(List<Key> keys, boolean open) {
        this.entries = keys.stream().map(k -> new Entry(k, callerOf(k.hash, keys))).toList();
        this.open = open;
    }

    /** Who presents the key of {@code hash}: its id, and every scope it is configured with or granted by one. */
    private static Caller callerOf(byte[] hash, List<Key> keys) {
        Set<Scope> scopes = EnumSet.noneOf(Scope.class);
        for (Key k : keys) {
            if (MessageDigest.isEqual(k.hash, hash)) {
                for (Scope s : Scope.values()) {
                    if (grants(k.scope, s)) {
                        scopes.add(s);
                    }
                }
            }
        }
        return new Caller(idOf(hash), Collections.unmodifiableSet(scopes));
    }

    /**
     * The keys a service in {@code dataDir} accepts: the configured ones, or, when none is configured, the
     * ones generated there on first start. Says so loudly at every start when everything is open.
     */
    public static ApiKeys forService(Access access, Path dataDir) {
        if (access.insecure()) {
            LOG.warn("RISKGATE_INSECURE=true: EVERY ROUTE IS OPEN. Anyone who can reach this port can send feedback, "
                    + "read decisions and reload rules. Never run this way where real payments are scored.");
            return new ApiKeys(List.of(), true);
        }
        Access keys = access.noKeys() ? GeneratedKeys.loadOrCreate(dataDir) : access;
        ApiKeys ring = of(keys);
        LOG.info("keys accepted: api {}, admin {}, metrics {}, analyst {}", ids(keys.apiKeys()), ids(keys.adminKeys()),
                ids(keys.metricsKeys()), ids(keys.analystKeys()));
        if (keys.adminKeys().isEmpty()) {
            LOG.info("no RISKGATE_ADMIN_KEYS: /admin/* is disabled");
        }
        return ring;
    }

    /** Exactly the configured keys (for tests and embedding); {@code insecure} is honoured. */
    public static ApiKeys of(Access access) {
        if (access.insecure()) {
            return new ApiKeys(List.of(), true);
        }
        List<Key> keys = new ArrayList<>();
        access.apiKeys().forEach(k -> keys.add(new Key(Scope.API, sha256(k))));
        access.adminKeys().forEach(k -> keys.add(new Key(Scope.ADMIN, sha256(k))));
        access.metricsKeys().forEach(k -> keys.add(new Key(Scope.METRICS, sha256(k))));
        access.analystKeys().forEach(k -> keys.add(new Key(Scope.ANALYST, sha256(k))));
        return new ApiKeys(List.copyOf(keys), false);
    }

    /** True when every route is open (RISKGATE_INSECURE). */
    public boolean open() {
        return open;
    }

    /** False when no key opens {@code scope}: its routes are disabled. */
    boolean enabled(Scope scope) {
        return open || entries.stream().anyMatch(e -> grants(e.key.scope, scope));
    }

    /**
     * The caller a presented key belongs to, if any. Every stored hash is compared, with a constant-time
     * comparison, whether or not an earlier one matched: the answer time says nothing about the key.
     */
    public Optional<Caller> identify(String presented) {
        byte[] hash = sha256(presented);
        Caller caller = null;
        for (Entry e : entries) {
            if (MessageDigest.isEqual(e.key.hash, hash)) {
                caller = e.caller;
            }
        }
        return Optional.ofNullable(caller);
    }

    private static boolean grants(Scope held, Scope wanted) {
        return held == wanted || (held == Scope.ADMIN && (wanted == Scope.METRICS || wanted == Scope.ANALYST));
    }

    /** The non-secret id of a key: the first 8 hex digits of its SHA-256. */
    public static String id(String key) {
        return idOf(sha256(key));
    }

    private static String idOf(byte[] hash) {
        return HexFormat.of().formatHex(hash, 0, 4);
    }

    private static List<String> ids(List<String> keys) {
        return keys.stream().map(ApiKeys::id).toList();
    }

    private static byte[] sha256(String key) {
        return Sha256.of(key.getBytes(StandardCharsets.UTF_8));
    }
}
