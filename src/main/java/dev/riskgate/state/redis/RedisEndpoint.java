package dev.riskgate.state.redis;

import dev.riskgate.state.StateUnavailable;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import java.util.concurrent.TimeUnit;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.RedisClusterURIUtil;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Where the Redis store connects, read from {@code RISKGATE_REDIS_URL}:
 * <ul>
 *   <li>{@code redis://[:password@]host:port} or {@code rediss://} (TLS): one Redis server (standalone,
 *       or the master a proxy or Sentinel-aware address points at);</li>
 *   <li>{@code redis-cluster://[:password@]host:port[,host:port...]} or {@code rediss-cluster://}: a Redis
 *       Cluster, through Lettuce's cluster client. The hosts are seeds: one reachable node is enough, the
 *       client learns the rest of the topology and follows it as slots move or a replica is promoted.</li>
 * </ul>
 * The scheme says which, rather than the number of hosts, because a cluster is often given one seed and a
 * standalone server never has two.
 */
record RedisEndpoint(boolean cluster, List<RedisURI> nodes) {

    private static final String CLUSTER = "-cluster://";
    /** How often a cluster client re-reads the topology even when no redirect told it to. */
    private static final Duration TOPOLOGY_REFRESH = Duration.ofSeconds(30);

    /** What a connected endpoint gives the store: one client, one connection, its commands. */
    record Connection(AbstractRedisClient client, ClientResources resources, StatefulConnection<String, byte[]> connection,
                      RedisClusterAsyncCommands<String, byte[]> commands) {

        /** Closes the connection, then the client and its threads, waiting at most 2 s for them. */
        void close() {
            try {
                connection.close();
            } finally {
                client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
                resources.shutdown(0, 2, TimeUnit.SECONDS);
            }
        }
    }

    static RedisEndpoint parse(String url) {
        String lower = url.toLowerCase(Locale.ROOT);
        boolean cluster = lower.startsWith("redis" + CLUSTER) || lower.startsWith("rediss" + CLUSTER);
        if (!cluster && !lower.startsWith("redis://") && !lower.startsWith("rediss://")) {
            throw new IllegalArgumentException("RISKGATE_REDIS_URL must start with redis://, rediss://, "
                    + "redis-cluster:// or rediss-cluster://");
        }
        if (!cluster) {
            String authority = url.substring(url.indexOf("://") + 3).split("[/?]", 2)[0];
            if (authority.substring(authority.lastIndexOf('@') + 1).contains(",")) {
                throw new IllegalArgumentException("RISKGATE_REDIS_URL names several hosts: for a Redis Cluster "
                        + "use redis-cluster://host:port,host:port");
            }
            return new RedisEndpoint(false, List.of(RedisURI.create(url)));
        }
        int scheme = url.indexOf(CLUSTER);
        List<RedisURI> nodes = RedisClusterURIUtil.toRedisURIs(
                URI.create(url.substring(0, scheme) + "://" + url.substring(scheme + CLUSTER.length())));
        return new RedisEndpoint(true, nodes);
    }

    /** For logs: scheme, hosts and ports, never the password. */
    String where() {
        String scheme = (nodes.get(0).isSsl() ? "rediss" : "redis") + (cluster ? CLUSTER : "://");
        return scheme + nodes.stream().map(u -> u.getHost() + ":" + u.getPort()).collect(Collectors.joining(","));
    }

    /**
     * {@code timeout} bounds connecting and its handshake (at start and on reconnecting), not commands.
     * Lettuce reconnects by itself, by default backing off up to 30 s between attempts: Redis back after a
     * minute's outage would go unnoticed for half a minute more, so the backoff stops at
     * {@code maxReconnectDelay}.
     */
    Connection connect(Duration timeout, Duration maxReconnectDelay) {
        nodes.forEach(u -> u.setTimeout(timeout));
        ClientResources resources = DefaultClientResources.builder()
                .reconnectDelay(Delay.exponential(Duration.ofMillis(10), maxReconnectDelay, 2, TimeUnit.MILLISECONDS))
                .build();
        RedisCodec<String, byte[]> codec = RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);
        // While disconnected a command fails at once instead of queueing: the caller answers 503 (or a
        // declared degraded decision) rather than waiting on a queue that may never drain. Lettuce's own
        // per-command timeout is off: every wait in the store has its deadline, and a timer task per
        // command showed up in the benchmark's profile.
        TimeoutOptions noCommandTimer = TimeoutOptions.builder().timeoutCommands(false).build();
        AbstractRedisClient client = null;
        try {
            if (!cluster) {
                RedisClient one = RedisClient.create(resources, nodes.get(0));
                client = one;
                one.setOptions(ClientOptions.builder()
                        .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                        .timeoutOptions(noCommandTimer).build());
                StatefulRedisConnection<String, byte[]> connection = one.connect(codec);
                return new Connection(one, resources, connection, connection.async());
            }
            RedisClusterClient many = RedisClusterClient.create(resources, nodes);
            client = many;
            many.setOptions(ClusterClientOptions.builder()
                    .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                    .timeoutOptions(noCommandTimer)
                    // MOVED and ASK are followed per command anyway; refreshing on them (and periodically)
                    // keeps later commands going straight to the node that now owns the slot.
                    .topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
                            .enablePeriodicRefresh(TOPOLOGY_REFRESH)
                            .enableAllAdaptiveRefreshTriggers()
                            .build())
                    .build());
            StatefulRedisClusterConnection<String, byte[]> connection = many.connect(codec);
            // Lettuce opens a connection per node on first use, and with REJECT_COMMANDS a command whose
            // node connection is still opening fails. Open them now, both ways Lettuce looks them up
            // (by address for keyed commands, by node id for SCRIPT LOAD on every master). A master that
            // appears later (failover, resharding) costs its first command a refusal, like a disconnect.
            for (RedisClusterNode node : connection.getPartitions()) {
                if (node.is(RedisClusterNode.NodeFlag.UPSTREAM)) {
                    connection.getConnection(node.getUri().getHost(), node.getUri().getPort());
                    connection.getConnection(node.getNodeId());
                }
            }
            return new Connection(many, resources, connection, connection.async());
        } catch (RuntimeException e) {
            if (client != null) {
                client.shutdown();
            }
            resources.shutdown();
            throw new StateUnavailable("cannot connect to Redis at " + where(), e);
        }
    }

    /**
     * Waits for {@code future} until {@code until} ({@link System#nanoTime()}); every failure, a timeout
     * included, becomes {@link StateUnavailable}. The connections have no per-command timer (see
     * {@link #connect}): every wait has its deadline here.
     */
    static <T> T await(io.lettuce.core.RedisFuture<T> future, long until, Duration timeout) {
        try {
            return future.get(Math.max(0, until - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new StateUnavailable("Redis: " + e.getCause().getMessage(), e.getCause());
        } catch (java.util.concurrent.TimeoutException e) {
            throw new StateUnavailable("Redis did not answer within " + timeout.toMillis() + " ms", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StateUnavailable("interrupted waiting for Redis", e);
        } catch (RuntimeException e) {
            throw new StateUnavailable("Redis: " + e.getMessage(), e);
        }
    }
}
