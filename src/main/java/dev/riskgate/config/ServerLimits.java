package dev.riskgate.config;

import java.time.Duration;

/**
 * What one riskgate lets its clients hold, so that no client (slow, idle or many) can take the service
 * down for the others.
 *
 * @param maxConnections open connections; past it the connection idle longest is closed, or, when all
 *     are busy, the new one
 * @param maxInFlight requests on {@code /v1/*} being processed; past it a request is answered 503 at once
 * @param idleTimeout a connection silent in both directions this long is closed
 * @param headerTimeout time to send a complete request head, from the connection's start or its last
 *     answer (so also how long an unused keep-alive connection stays open)
 * @param bodyTimeout time to send a request body, from the end of its head
 * @param maxHeaderBytes the request head's size; larger heads get 431
 * @param drain on SIGTERM, how long requests already accepted have to finish
 * @param drainDelay on SIGTERM, how long {@code /health} answers 503 while requests are still served, before
 *     the listener closes: the time a balancer needs to see the instance leave (a few health checks)
 */
public record ServerLimits(int maxConnections, int maxInFlight, Duration idleTimeout, Duration headerTimeout,
                           Duration bodyTimeout, int maxHeaderBytes, Duration drain, Duration drainDelay) {

    public static final int DEFAULT_MAX_IN_FLIGHT = 64;
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration DEFAULT_HEADER_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_BODY_TIMEOUT = Duration.ofSeconds(10);
    public static final int DEFAULT_MAX_HEADER_BYTES = 8 * 1024;
    public static final Duration DEFAULT_DRAIN = Duration.ofSeconds(10);
    public static final Duration DEFAULT_DRAIN_DELAY = Duration.ofSeconds(5);
    /** Below the usual 4096 only when the process may open fewer files than that. */
    private static final int PREFERRED_MAX_CONNECTIONS = 4096;

    public ServerLimits {
        positive("RISKGATE_MAX_CONNECTIONS", maxConnections);
        positive("RISKGATE_MAX_IN_FLIGHT", maxInFlight);
        atLeastOneSecond("RISKGATE_IDLE_TIMEOUT_S", idleTimeout);
        atLeastOneSecond("RISKGATE_HEADER_TIMEOUT_S", headerTimeout);
        atLeastOneSecond("RISKGATE_BODY_TIMEOUT_S", bodyTimeout);
        if (maxHeaderBytes < 1024 || maxHeaderBytes > 1024 * 1024) {
            throw new IllegalArgumentException("RISKGATE_MAX_HEADER_BYTES must be in the range [1024, 1048576], was "
                    + maxHeaderBytes);
        }
        if (drain == null || drain.isNegative()) {
            throw new IllegalArgumentException("RISKGATE_DRAIN_S must be 0 or more, was " + drain);
        }
        if (drainDelay == null || drainDelay.isNegative()) {
            throw new IllegalArgumentException("RISKGATE_DRAIN_DELAY_S must be 0 or more, was " + drainDelay);
        }
    }

    public static ServerLimits defaults() {
        return new ServerLimits(defaultMaxConnections(), DEFAULT_MAX_IN_FLIGHT, DEFAULT_IDLE_TIMEOUT,
                DEFAULT_HEADER_TIMEOUT, DEFAULT_BODY_TIMEOUT, DEFAULT_MAX_HEADER_BYTES, DEFAULT_DRAIN,
                DEFAULT_DRAIN_DELAY);
    }

    public ServerLimits withMaxConnections(int n) {
        return new ServerLimits(n, maxInFlight, idleTimeout, headerTimeout, bodyTimeout, maxHeaderBytes, drain, drainDelay);
    }

    public ServerLimits withMaxInFlight(int n) {
        return new ServerLimits(maxConnections, n, idleTimeout, headerTimeout, bodyTimeout, maxHeaderBytes, drain, drainDelay);
    }

    public ServerLimits withMaxHeaderBytes(int n) {
        return new ServerLimits(maxConnections, maxInFlight, idleTimeout, headerTimeout, bodyTimeout, n, drain, drainDelay);
    }

    public ServerLimits withTimeouts(Duration idle, Duration header, Duration body) {
        return new ServerLimits(maxConnections, maxInFlight, idle, header, body, maxHeaderBytes, drain, drainDelay);
    }

    /**
     * 4096, or three quarters of the process's file limit when that is lower: the rest is kept for the
     * store, the decision log, the rule files and the JVM, so a flood of sockets cannot starve them.
     */
    static int defaultMaxConnections() {
        java.lang.management.OperatingSystemMXBean os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
            long files = unix.getMaxFileDescriptorCount();
            if (files > 0) {
                return (int) Math.max(64, Math.min(PREFERRED_MAX_CONNECTIONS, files * 3 / 4));
            }
        }
        return PREFERRED_MAX_CONNECTIONS;
    }

    private static void positive(String name, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be at least 1, was " + value);
        }
    }

    private static void atLeastOneSecond(String name, Duration value) {
        if (value == null || value.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException(name + " must be at least 1 (seconds), was " + value);
        }
    }
}
