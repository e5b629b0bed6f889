package dev.riskgate.config;

import java.util.List;

/**
 * Who may call what. {@code apiKeys} open {@code /v1/*} (the gateway), {@code adminKeys} open
 * {@code /admin/*} and {@code /metrics} (ops), {@code metricsKeys} open {@code /metrics} only (a Prometheus
 * scraper). With no key at all and {@code insecure} false, the service generates an API and an admin key
 * in its data directory on first start. {@code insecure} runs every route open. {@code metricsPort} (-1 for
 * none, 0 for any free port) adds an unauthenticated listener serving only {@code /metrics} on
 * {@code metricsHost}, loopback unless set otherwise. {@code analystKeys} open the console, the dry run
 * ({@code POST /admin/score}) and decision reads: an analyst labels and investigates, but cannot reload or
 * publish a pack.
 */
public record Access(List<String> apiKeys, List<String> adminKeys, List<String> metricsKeys, boolean insecure,
                     int metricsPort, String metricsHost, List<String> analystKeys) {

    public static final String LOOPBACK = "127.0.0.1";

    public Access {
        apiKeys = List.copyOf(apiKeys);
        adminKeys = List.copyOf(adminKeys);
        metricsKeys = List.copyOf(metricsKeys);
        analystKeys = analystKeys == null ? List.of() : List.copyOf(analystKeys);
        if (metricsPort < -1 || metricsPort > 65535) {
            throw new IllegalArgumentException("RISKGATE_METRICS_PORT must be in the range [0, 65535], was " + metricsPort);
        }
        if (metricsHost == null || metricsHost.isBlank()) {
            metricsHost = LOOPBACK;
        }
    }

    /** No analyst keys. */
    public Access(List<String> apiKeys, List<String> adminKeys, List<String> metricsKeys, boolean insecure,
                  int metricsPort, String metricsHost) {
        this(apiKeys, adminKeys, metricsKeys, insecure, metricsPort, metricsHost, List.of());
    }

    /** Nothing configured: keys are generated in the data directory on first start. */
    public static Access generated() {
        return new Access(List.of(), List.of(), List.of(), false, -1, LOOPBACK);
    }

    /** Every route open, for local experiments only. */
    public static Access open() {
        return new Access(List.of(), List.of(), List.of(), true, -1, LOOPBACK);
    }

    /** One gateway key and one ops key. */
    public static Access keys(String apiKey, String adminKey) {
        return new Access(List.of(apiKey), adminKey == null ? List.of() : List.of(adminKey), List.of(), false, -1, LOOPBACK);
    }

    public Access withMetricsPort(int port) {
        return new Access(apiKeys, adminKeys, metricsKeys, insecure, port, metricsHost, analystKeys);
    }

    public Access withAnalystKeys(List<String> keys) {
        return new Access(apiKeys, adminKeys, metricsKeys, insecure, metricsPort, metricsHost, keys);
    }

    public boolean noKeys() {
        return apiKeys.isEmpty() && adminKeys.isEmpty() && metricsKeys.isEmpty() && analystKeys.isEmpty();
    }
}
