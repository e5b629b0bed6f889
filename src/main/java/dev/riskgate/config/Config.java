package dev.riskgate.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Service settings, read once from the environment. Names and defaults are part of the ops contract
 * (README): RISKGATE_PORT=8080, RISKGATE_DATA_DIR=./data, RISKGATE_RULES_DIR=./rules, and the optional
 * RISKGATE_SHADOW_RULES_DIR, RISKGATE_HOST, RISKGATE_LOG_MAX_BYTES, who may call what ({@link Access}):
 * RISKGATE_API_KEYS, RISKGATE_ADMIN_KEYS, RISKGATE_METRICS_KEYS, RISKGATE_INSECURE, RISKGATE_METRICS_PORT,
 * RISKGATE_METRICS_HOST, and RISKGATE_CASES_DIR=./test-cases (the scenario files every pack must pass
 * before it serves; "none" turns that off). {@code shadowRulesDir} and {@code casesDir} may be null.
 */
public record Config(int port, Path dataDir, Path rulesDir, String host, Path shadowRulesDir, Access access,
                     long logMaxBytes, Path casesDir) {

    public static final long DEFAULT_LOG_MAX_BYTES = 64L * 1024 * 1024;
    public static final Path DEFAULT_CASES_DIR = Path.of("./test-cases");
    private static final Logger LOG = LoggerFactory.getLogger(Config.class);

    public Config {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("RISKGATE_PORT must be in the range [0, 65535], was " + port);
        }
        if (logMaxBytes < 1024) {
            throw new IllegalArgumentException("RISKGATE_LOG_MAX_BYTES must be at least 1024, was " + logMaxBytes);
        }
        if (access == null) {
            access = Access.generated();
        }
    }

    /** Settings for embedding: no shadow pack, keys generated in the data directory, default log rotation. */
    public Config(int port, Path dataDir, Path rulesDir, String host) {
        this(port, dataDir, rulesDir, host, null, Access.generated(), DEFAULT_LOG_MAX_BYTES);
    }

    /** Settings for tests and embedding: no shadow pack, the given keys, default log rotation. */
    public Config(int port, Path dataDir, Path rulesDir, String host, Access access) {
        this(port, dataDir, rulesDir, host, null, access, DEFAULT_LOG_MAX_BYTES);
    }

    /** As the canonical constructor, with the default cases directory. */
    public Config(int port, Path dataDir, Path rulesDir, String host, Path shadowRulesDir, Access access,
                  long logMaxBytes) {
        this(port, dataDir, rulesDir, host, shadowRulesDir, access, logMaxBytes, DEFAULT_CASES_DIR);
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
                access(env),
                number(env, "RISKGATE_LOG_MAX_BYTES", DEFAULT_LOG_MAX_BYTES),
                casesDir(env.get("RISKGATE_CASES_DIR")));
    }

    /** Unset: the default; "none" (or set but empty): no scenario gate, which the service warns about. */
    private static Path casesDir(String raw) {
        if (raw == null) {
            return DEFAULT_CASES_DIR;
        }
        return raw.isBlank() || raw.trim().equalsIgnoreCase("none") ? null : Path.of(raw.trim());
    }

    private static Access access(Map<String, String> env) {
        List<String> admin = new ArrayList<>(KeyList.parse("RISKGATE_ADMIN_KEYS", env.get("RISKGATE_ADMIN_KEYS")));
        String token = env.get("RISKGATE_ADMIN_TOKEN");
        if (token != null && !token.isBlank()) {
            // The single admin token of earlier versions still works, unchecked for length so that an
            // existing deployment keeps starting, but it is one more key to migrate.
            LOG.warn("RISKGATE_ADMIN_TOKEN is deprecated and read as one of RISKGATE_ADMIN_KEYS; move it there");
            admin.add(token.trim());
        }
        String insecure = env.getOrDefault("RISKGATE_INSECURE", "false").trim().toLowerCase(Locale.ROOT);
        if (!insecure.equals("true") && !insecure.equals("false") && !insecure.isEmpty()) {
            throw new IllegalArgumentException("RISKGATE_INSECURE must be true or false, was '" + insecure + "'");
        }
        return new Access(
                KeyList.parse("RISKGATE_API_KEYS", env.get("RISKGATE_API_KEYS")),
                admin,
                KeyList.parse("RISKGATE_METRICS_KEYS", env.get("RISKGATE_METRICS_KEYS")),
                insecure.equals("true"),
                (int) number(env, "RISKGATE_METRICS_PORT", -1),
                env.get("RISKGATE_METRICS_HOST"));
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
