package dev.riskgate.state.redis;

import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The published rule packs in Redis, so that every instance serves the same one (issue 9): each pack's
 * files under its version (the content hash the loader gives), and a pointer to the current version.
 * {@code riskgate publish} writes; instances with {@code RISKGATE_RULES_SOURCE=redis} read.
 *
 * <p><b>Keys.</b> {@code P{pack}:v:<version>}, a hash of file name to content, and {@code P{pack}:current},
 * the version to serve. Both carry the hash tag {@code {pack}}, so on Redis Cluster they share one slot
 * and the publishing script may touch both. Nothing here expires: a pack is small, and the earlier
 * versions are the rollback.
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

    /** KEYS: the version's hash, the pointer. ARGV: the version, then name and content of each file. */
    private static final String PUBLISH = """
            local previous = redis.call('GET', KEYS[2])
            redis.call('DEL', KEYS[1])
            for i = 2, #ARGV, 2 do redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1]) end
            redis.call('SET', KEYS[2], ARGV[1])
            return previous
            """;

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

    /**
     * Stores {@code files} as {@code version} and makes it current, in one step; returns the version that
     * was current before, or null.
     */
    public String publish(String version, Map<String, byte[]> files) {
        List<byte[]> args = new ArrayList<>();
        args.add(version.getBytes(StandardCharsets.UTF_8));
        new LinkedHashMap<>(files).forEach((name, content) -> {
            args.add(name.getBytes(StandardCharsets.UTF_8));
            args.add(content);
        });
        byte[] previous = await(redis.<byte[]>eval(PUBLISH, ScriptOutputType.VALUE,
                new String[] {versionKey(version), currentKey()}, args.toArray(byte[][]::new)));
        return previous == null ? null : new String(previous, StandardCharsets.UTF_8);
    }

    private String currentKey() {
        return prefix + "{pack}:current";
    }

    private String versionKey(String version) {
        return prefix + "{pack}:v:" + version;
    }

    private static <T> T await(RedisFuture<T> future) {
        return RedisEndpoint.await(future, System.nanoTime() + TIMEOUT.toNanos(), TIMEOUT);
    }

    @Override
    public void close() {
        connection.close();
    }
}
