package dev.riskgate.state.redis;

import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.nio.charset.StandardCharsets;
import dev.riskgate.state.StateUnavailable;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The published rule packs in Redis, so that every instance serves the same one (issue 9): each pack's
 * files under its version (the content hash the loader gives), and a pointer to the current version.
 * {@code riskgate publish} writes; instances with {@code RISKGATE_RULES_SOURCE=redis} read.
 *
 * <p><b>Keys.</b> {@code P{pack}:v:<version>}, a hash of file name to content; {@code P{pack}:meta:<version>},
 * who published it when and what it passed; {@code P{pack}:versions}, the versions by when each was last
 * made current; and {@code P{pack}:current}, the version to serve. All carry the hash tag {@code {pack}},
 * so on Redis Cluster they share one slot and one script may touch them all. Nothing expires; the
 * {@link #KEEP} versions made current most recently are kept (the current one always), older ones are
 * deleted when another is published: they are the rollback.
 *
 * <p><b>What is atomic.</b> One script writes the version's files and moves the pointer: a reader sees
 * the old version or the new one complete, never a pointer to files half written. A reader fetches the
 * pointer and then the files in two commands; a second publish in between replaces neither (a version's
 * files never change: same version, same content), so what it fetches is still that version whole.
 */
public final class RedisPackStore implements AutoCloseable {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    /** Instances poll the pointer every second: a reconnect backoff longer than that would only delay them. */
    private static final Duration RECONNECT_AT_MOST_EVERY = Duration.ofSeconds(1);

    /** Published versions kept, the current one among them: weeks of daily publishing to roll back to. */
    public static final int KEEP = 20;

    /**
     * KEYS: the version's hash, the pointer, its metadata, the versions set. ARGV: the version, the time
     * in milliseconds, the metadata's count of fields, its fields and values, then name and content of
     * each file.
     */
    private static final String PUBLISH = """
            local previous = redis.call('GET', KEYS[2])
            redis.call('DEL', KEYS[1], KEYS[3])
            local fields = tonumber(ARGV[3])
            for i = 4, 3 + 2 * fields, 2 do redis.call('HSET', KEYS[3], ARGV[i], ARGV[i + 1]) end
            for i = 4 + 2 * fields, #ARGV, 2 do redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1]) end
            redis.call('ZADD', KEYS[4], ARGV[2], ARGV[1])
            redis.call('SET', KEYS[2], ARGV[1])
            return previous
            """;

    /**
     * KEYS: the version's hash, the pointer, its metadata, the versions set. ARGV: the version, the time
     * in milliseconds, then metadata fields and values to set. A version whose files are gone is refused.
     */
    private static final String ACTIVATE = """
            if redis.call('EXISTS', KEYS[1]) == 0 then return redis.error_reply('no such version') end
            local previous = redis.call('GET', KEYS[2])
            for i = 3, #ARGV, 2 do redis.call('HSET', KEYS[3], ARGV[i], ARGV[i + 1]) end
            redis.call('ZADD', KEYS[4], ARGV[2], ARGV[1])
            redis.call('SET', KEYS[2], ARGV[1])
            return previous
            """;

    /**
     * A published version: when it was first published and last made current, by whom, and the scenario
     * files it passed ({@code casesVersion} is their content hash, {@code scenarios} says how many passed).
     */
    public record Published(String version, Instant publishedAt, Instant activatedAt, String publisher,
                            String scenarios, String casesVersion) {

        static Published of(String version, Map<String, byte[]> meta) {
            return new Published(version, instant(meta.get("publishedAt")), instant(meta.get("activatedAt")),
                    text(meta.get("publisher")), text(meta.get("scenarios")), text(meta.get("cases")));
        }

        private static Instant instant(byte[] value) {
            return value == null ? null : Instant.parse(new String(value, StandardCharsets.UTF_8));
        }

        private static String text(byte[] value) {
            return value == null ? "" : new String(value, StandardCharsets.UTF_8);
        }
    }

    private final RedisEndpoint.Connection connection;
    private final RedisClusterAsyncCommands<String, byte[]> redis;
    private final String prefix;

    private RedisPackStore(RedisEndpoint.Connection connection, String prefix) {
        this.connection = connection;
        this.redis = connection.commands();
        this.prefix = prefix;
    }

    /**
     * Connects to {@code url}, one server or a Cluster, as the state store does ({@link RedisEndpoint}); keys
     * start with {@code prefix} (the state store's, {@link RedisStateStore#DEFAULT_PREFIX}).
     */
    public static RedisPackStore open(String url, String prefix) {
        return new RedisPackStore(RedisEndpoint.parse(url).connect(TIMEOUT, RECONNECT_AT_MOST_EVERY), prefix);
    }

    /** The version instances should serve, or null when no pack was ever published. */
    public String currentVersion() {
        byte[] version = await(redis.get(currentKey()));
        return version == null ? null : new String(version, StandardCharsets.UTF_8);
    }

    /** The files of a published version by name; empty when there is no such version. */
    public Map<String, byte[]> files(String version) {
        return await(redis.hgetall(versionKey(version)));
    }

    /** What is known of a published version, or null when it has no record (or was published before records). */
    public Published version(String version) {
        Map<String, byte[]> meta = await(redis.hgetall(metaKey(version)));
        return meta.isEmpty() ? null : Published.of(version, meta);
    }

    /** "published 2026-12-07T03:10:00Z by alice@build-1, passed 14 scenario files (…)", or "" without a record. */
    public String describe(String version) {
        Published p = version(version);
        return p == null ? "" : "published " + p.publishedAt() + " by " + p.publisher() + ", " + p.scenarios();
    }

    /** The versions kept, the one made current most recently first. */
    public List<Published> versions() {
        List<Published> kept = new ArrayList<>();
        for (byte[] version : await(redis.zrevrange(versionsKey(), 0, -1))) {
            String v = new String(version, StandardCharsets.UTF_8);
            Published p = version(v);
            kept.add(p != null ? p : new Published(v, null, null, "", "", ""));
        }
        return kept;
    }

    /**
     * Stores {@code files} as {@code version}, published at {@code at} by {@code publisher} after passing
     * {@code scenarios} (scenario files whose content hash is {@code casesVersion}), and makes it current,
     * in one step; then deletes versions past the {@link #KEEP} most recent. Returns the version that was
     * current before, or null.
     */
    public String publish(String version, Map<String, byte[]> files, Instant at, String publisher, String scenarios,
                          String casesVersion) {
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("publishedAt", at.toString());
        meta.put("activatedAt", at.toString());
        meta.put("publisher", publisher);
        meta.put("scenarios", scenarios);
        meta.put("cases", casesVersion);
        List<byte[]> args = new ArrayList<>();
        args.add(bytes(version));
        args.add(bytes(Long.toString(at.toEpochMilli())));
        args.add(bytes(Integer.toString(meta.size())));
        meta.forEach((field, value) -> {
            args.add(bytes(field));
            args.add(bytes(value));
        });
        new LinkedHashMap<>(files).forEach((name, content) -> {
            args.add(bytes(name));
            args.add(content);
        });
        String previous = text(await(redis.<byte[]>eval(PUBLISH, ScriptOutputType.VALUE,
                new String[] {versionKey(version), currentKey(), metaKey(version), versionsKey()}, args.toArray(byte[][]::new))));
        prune();
        return previous;
    }

    /**
     * Makes the stored {@code version} current again at {@code at}, recording {@code scenarios} and
     * {@code casesVersion} when it was checked anew (both null when its earlier check stands). Returns the
     * version that was current before, or null.
     *
     * @throws IllegalArgumentException when Redis holds no such version
     */
    public String activate(String version, Instant at, String scenarios, String casesVersion) {
        List<byte[]> args = new ArrayList<>(List.of(bytes(version), bytes(Long.toString(at.toEpochMilli())),
                bytes("activatedAt"), bytes(at.toString())));
        if (scenarios != null) {
            args.addAll(List.of(bytes("scenarios"), bytes(scenarios), bytes("cases"), bytes(casesVersion)));
        }
        try {
            return text(await(redis.<byte[]>eval(ACTIVATE, ScriptOutputType.VALUE,
                    new String[] {versionKey(version), currentKey(), metaKey(version), versionsKey()},
                    args.toArray(byte[][]::new))));
        } catch (StateUnavailable e) {
            if (String.valueOf(e.getMessage()).contains("no such version")) {
                throw new IllegalArgumentException("no rule pack version " + version + " is stored", e);
            }
            throw e;
        }
    }

    /** Deletes the versions past the {@link #KEEP} made current most recently; never the current one. */
    private void prune() {
        String current = currentVersion();
        for (byte[] old : await(redis.zrevrange(versionsKey(), KEEP, -1))) {
            String version = new String(old, StandardCharsets.UTF_8);
            if (!version.equals(current)) {
                await(redis.del(versionKey(version), metaKey(version)));
                await(redis.zrem(versionsKey(), old));
            }
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] value) {
        return value == null ? null : new String(value, StandardCharsets.UTF_8);
    }

    private String currentKey() {
        return prefix + "{pack}:current";
    }

    private String versionKey(String version) {
        return prefix + "{pack}:v:" + version;
    }

    private String metaKey(String version) {
        return prefix + "{pack}:meta:" + version;
    }

    private String versionsKey() {
        return prefix + "{pack}:versions";
    }

    private static <T> T await(RedisFuture<T> future) {
        return RedisEndpoint.await(future, System.nanoTime() + TIMEOUT.toNanos(), TIMEOUT);
    }

    @Override
    public void close() {
        connection.close();
    }
}
