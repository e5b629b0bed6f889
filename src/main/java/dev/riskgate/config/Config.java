package dev.riskgate.config;

import java.nio.file.Path;
import java.util.Map;

/**
 * Service settings, read once from the environment. Names and defaults are part of the ops contract
 * (README): RISKGATE_PORT=8080, RISKGATE_DATA_DIR=./data, RISKGATE_RULES_DIR=./rules, and the optional
 * RISKGATE_SHADOW_RULES_DIR, RISKGATE_ADMIN_TOKEN, RISKGATE_HOST, RISKGATE_LOG_MAX_BYTES.
 * {@code shadowRulesDir} and {@code adminToken} may be null.
 */
public record Config(int port, Path dataDir, Path rulesDir, String host, Path shadowRulesDir, String adminToken,
                     long logMaxBytes) {

    public static final long DEFAULT_LOG_MAX_BYTES = 64L * 1024 * 1024;

    public Config {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("RISKGATE_PORT must be in the range [0, 65535], was " + port);
        }
        if (logMaxBytes < 1024) {
            throw new IllegalArgumentException("RISKGATE_LOG_MAX_BYTES must be at least 1024, was " + logMaxBytes);
        }
    }

    /** Settings for tests and embedding: no shadow pack, no admin token, default log rotation. */
    public Config(int port, Path dataDir, Path rulesDir, String host) {
        this(port, dataDir, rulesDir, host, null, null, DEFAULT_LOG_MAX_BYTES);
    }

    public static Config fromEnvironment() {
        return from(System.getenv());
    }

    public static Config from(Map<String, String> env) {
        String shadow = env.get("RISKGATE_SHADOW_RULES_DIR");
        return new Config(
                (int) number(env, "RISKGATE_PORT", 8080),
                Path.of(env.getOrDefault("RISKGATE_DATA_DIR", "./data")),
                Path.of(env.getOrDefault("RISKGATE_RULES_DIR", "./rules")),
                env.getOrDefault("RISKGATE_HOST", "0.0.0.0"),
                shadow == null || shadow.isBlank() ? null : Path.of(shadow),
                env.get("RISKGATE_ADMIN_TOKEN"),
                number(env, "RISKGATE_LOG_MAX_BYTES", DEFAULT_LOG_MAX_BYTES));
    }

    private static long number(Map<String, String> env, String name, long fallback) {
        String raw = env.get(name);
        if (raw == null || raw.isBlank()) {
            return fallback;
        }
        try {
            return Long.parseLong(raw.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a number, was '" + raw + "'");
        }
    }
}
