package dev.riskgate.config;

import dev.riskgate.decisionlog.Retention;
import dev.riskgate.decision.Verdict;
import dev.riskgate.event.EventAge;
import dev.riskgate.state.AnswerWindows;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Service settings, read once from the environment. Names and defaults are part of the ops contract
 * ({@code serve --help}, docs/operations.md): {@link #SETTINGS_HELP} lists every one. Who may call what is
 * {@link Access}; what a client may hold is {@link ServerLimits}; what the decision log keeps is
 * {@link Retention}. {@code shadowRulesDir} and {@code casesDir} may be null. {@code rulesFromRedis}: the
 * active pack is the one published to Redis ({@code riskgate publish}), not {@code rulesDir}. Relative directories are
 * resolved against the working directory here, so every message names the directory actually used.
 * {@code console}: the analyst console and its index run here (RISKGATE_CONSOLE, on unless off).
 */
public record Config(int port, Path dataDir, Path rulesDir, String host, Path shadowRulesDir, Access access,
                     Path casesDir, ServerLimits limits, Retention decisionLog, String redisUrl,
                     DegradedMode degradedMode, boolean rulesFromRedis, EventAge maxEventAge,
                     AnswerWindows answerWindows, boolean console) {

    public static final long DEFAULT_LOG_MAX_BYTES = Retention.DEFAULT_MAX_FILE_BYTES;
    public static final Path DEFAULT_CASES_DIR = Path.of("./test-cases");
    private static final Logger LOG = LoggerFactory.getLogger(Config.class);

    /**
     * Every environment variable riskgate reads, with its default, as {@code serve --help} prints them
     * (a constant, so the annotation can use it; {@code %n} is picocli's line break).
     */
    public static final String SETTINGS_HELP =
            "  RISKGATE_PORT                 HTTP port (8080)%n" +
            "  RISKGATE_HOST                 address to listen on (0.0.0.0)%n" +
            "  RISKGATE_DATA_DIR             state store and decision log (./data)%n" +
            "  RISKGATE_RULES_DIR            the live rule pack (./rules)%n" +
            "  RISKGATE_RULES_SOURCE         dir: serve RISKGATE_RULES_DIR | redis: serve the pack published to%n" +
            "                                RISKGATE_REDIS_URL with riskgate publish, following each new one (dir)%n" +
            "  RISKGATE_SHADOW_RULES_DIR     a candidate pack judged beside the live one (none)%n" +
            "  RISKGATE_API_KEYS             keys for /v1/*, comma-separated or @file (generated on first start)%n" +
            "  RISKGATE_ADMIN_KEYS           keys for /admin/* and /metrics (generated on first start)%n" +
            "  RISKGATE_METRICS_KEYS         keys for /metrics only (none)%n" +
            "  RISKGATE_ANALYST_KEYS         keys for /console, POST /admin/score and decision reads, not reload (none)%n" +
            "  RISKGATE_METRICS_PORT         a keyless listener for /metrics only (none)%n" +
            "  RISKGATE_METRICS_HOST         its address (127.0.0.1)%n" +
            "  RISKGATE_INSECURE             true: every route open, said loudly at start (false)%n" +
            "  RISKGATE_ADMIN_TOKEN          deprecated: read as one of RISKGATE_ADMIN_KEYS%n" +
            "  RISKGATE_CASES_DIR            scenario files every rule pack must pass; none: unchecked (./test-cases)%n" +
            "  RISKGATE_SYNC                 normal | full: fsync every commit (normal)%n" +
            "  RISKGATE_REDIS_URL            shared state in Redis: redis[s]://[:password@]host:port, or for a Redis Cluster%n" +
            "                                redis[s]-cluster://[:password@]host:port[,host:port...] (none: embedded store)%n" +
            "  RISKGATE_DEADLINE_MS          time to answer a score request; later, or with the store down, the fail decision (100)%n" +
            "  RISKGATE_FAIL_DECISION        ALLOW | STEP_UP | BLOCK: the answer past the deadline, marked degraded (STEP_UP)%n" +
            "  RISKGATE_MAX_EVENT_AGE        oldest occurredAt a live score request may have, like 30m, 24h, 400d; older%n" +
            "                                gets 400 too_old (history is loaded with riskgate import) (1h)%n" +
            "  RISKGATE_IDEMPOTENCY_WINDOW   how long a retry gets the stored answer byte for byte; later, 410 answer_expired%n" +
            "                                with the verdict (3d)%n" +
            "  RISKGATE_FEEDBACK_WINDOW      how long feedback (FRAUD, LEGIT, step-up results) reaches a decided event: a%n" +
            "                                compact record is kept this long (180d)%n" +
            "  RISKGATE_MAX_CONNECTIONS      open connections (4096, or 3/4 of the file limit)%n" +
            "  RISKGATE_MAX_IN_FLIGHT        most /v1 requests in progress (adaptive below it); more get 503 (64)%n" +
            "  RISKGATE_IDLE_TIMEOUT_S       close a connection silent this long (30)%n" +
            "  RISKGATE_HEADER_TIMEOUT_S     time to send a request head, also keep-alive idle (10)%n" +
            "  RISKGATE_BODY_TIMEOUT_S       time to send a request body (10)%n" +
            "  RISKGATE_MAX_HEADER_BYTES     request head size; larger gets 431 (8192)%n" +
            "  RISKGATE_DRAIN_DELAY_S        on SIGTERM, time /health answers 503 DRAINING while requests are still%n" +
            "                                served, so a balancer stops sending before the listener closes (5)%n" +
            "  RISKGATE_DRAIN_S              then, time for accepted requests to finish (10)%n" +
            "  RISKGATE_LOG_MAX_BYTES        decision log file rotation size (67108864 = 64 MiB)%n" +
            "  RISKGATE_LOG_MAX_TOTAL_BYTES  decision log files kept, in bytes (8589934592 = 8 GiB)%n" +
            "  RISKGATE_LOG_RETENTION_DAYS   decision log files kept, in days (7)%n" +
            "  RISKGATE_LOG_REDACT           true: leave ip and fundingSource out of the decision log (false)%n" +
            "  RISKGATE_CONSOLE              on | off: the analyst console and its decision index on this instance (on)%n" +
            "  RISKGATE_LOG_LEVEL            service log level (INFO)%n" +
            "  RISKGATE_LOG_FORMAT           json | text: service log on stderr (json)%n" +
            "  RISKGATE_WEBHOOK_URL          account-holder alerts: the one webhook endpoint, every kind (none)%n" +
            "  RISKGATE_WEBHOOK_SECRET       its signing secret, whsec_<base64>; several comma-separated while rotating%n" +
            "  RISKGATE_ALERTS_FILE          a JSON file of alert endpoints: name, url, secrets, kinds (none)%n" +
            "  RISKGATE_ALERTS_ALLOW_PRIVATE true: an endpoint may be on loopback or a private range (false)%n";

    public Config {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("RISKGATE_PORT must be in the range [0, 65535], was " + port);
        }
        if (access == null) {
            access = Access.generated();
        }
        dataDir = dataDir.toAbsolutePath().normalize();
        rulesDir = rulesDir.toAbsolutePath().normalize();
        shadowRulesDir = shadowRulesDir == null ? null : shadowRulesDir.toAbsolutePath().normalize();
        casesDir = casesDir == null ? null : casesDir.toAbsolutePath().normalize();
        if (redisUrl != null && redisUrl.isBlank()) {
            redisUrl = null;
        }
        if (redisUrl != null && !redisUrl.matches("(?i)rediss?(-cluster)?://.*")) {
            throw new IllegalArgumentException("RISKGATE_REDIS_URL must start with redis:// or rediss:// (one server), "
                    + "or redis-cluster:// or rediss-cluster:// (a Redis Cluster)");
        }
        if (degradedMode == null) {
            degradedMode = DegradedMode.defaults();
        }
        if (maxEventAge == null) {
            maxEventAge = EventAge.defaults();
        }
        if (answerWindows == null) {
            answerWindows = AnswerWindows.DEFAULT;
        }
        if (rulesFromRedis && redisUrl == null) {
            throw new IllegalArgumentException("RISKGATE_RULES_SOURCE=redis needs RISKGATE_REDIS_URL: the pack is read from there");
        }
    }

    /** With the default answer windows and the console on. */
    public Config(int port, Path dataDir, Path rulesDir, String host, Path shadowRulesDir, Access access,
                  Path casesDir, ServerLimits limits, Retention decisionLog, String redisUrl,
                  DegradedMode degradedMode, boolean rulesFromRedis, EventAge maxEventAge) {
        this(port, dataDir, rulesDir, host, shadowRulesDir, access, casesDir, limits, decisionLog, redisUrl,
                degradedMode, rulesFromRedis, maxEventAge, null, true);
    }

    /** With the default deadline and fail decision. */
    public Config(int port, Path dataDir, Path rulesDir, String host, Path shadowRulesDir, Access access,
                  Path casesDir, ServerLimits limits, Retention decisionLog, String redisUrl) {
        this(port, dataDir, rulesDir, host, shadowRulesDir, access, casesDir, limits, decisionLog, redisUrl, null, false, null);
    }

    /** With the embedded state store (no Redis). */
    public Config(int port, Path dataDir, Path rulesDir, String host, Path shadowRulesDir, Access access,
                  Path casesDir, ServerLimits limits, Retention decisionLog) {
        this(port, dataDir, rulesDir, host, shadowRulesDir, access, casesDir, limits, decisionLog, null);
    }

    /** Settings for embedding: no shadow pack, keys generated in the data directory, default log rotation. */
    public Config(int port, Path dataDir, Path rulesDir, String host) {
        this(port, dataDir, rulesDir, host, null, Access.generated(), DEFAULT_LOG_MAX_BYTES);
    }

    /** Settings for tests and embedding: no shadow pack, the given keys, default log rotation. */
    public Config(int port, Path dataDir, Path rulesDir, String host, Access access) {
        this(port, dataDir, rulesDir, host, null, access, DEFAULT_LOG_MAX_BYTES);
    }

    /** With the default cases directory, limits and retention, and {@code logMaxBytes} per decision file. */
    public Config(int port, Path dataDir, Path rulesDir, String host, Path shadowRulesDir, Access access,
                  long logMaxBytes) {
        this(port, dataDir, rulesDir, host, shadowRulesDir, access, logMaxBytes, DEFAULT_CASES_DIR);
    }

    /** With the default limits and retention, and {@code logMaxBytes} per decision file. */
    public Config(int port, Path dataDir, Path rulesDir, String host, Path shadowRulesDir, Access access,
                  long logMaxBytes, Path casesDir) {
        this(port, dataDir, rulesDir, host, shadowRulesDir, access, casesDir, ServerLimits.defaults(),
                Retention.defaults().withMaxFileBytes(logMaxBytes));
    }

    /** The record's own form, with the password in {@code redisUrl} masked: settings end up in logs. */
    @Override
    public String toString() {
        return "Config[port=" + port + ", dataDir=" + dataDir + ", rulesDir=" + rulesDir + ", host=" + host
                + ", shadowRulesDir=" + shadowRulesDir + ", access=" + access + ", casesDir=" + casesDir
                + ", limits=" + limits + ", decisionLog=" + decisionLog + ", redisUrl="
                + (redisUrl == null ? null : redisUrl.replaceAll("//([^@/]*)@", "//***@"))
                + ", degradedMode=" + degradedMode + ", rulesFromRedis=" + rulesFromRedis + ", maxEventAge=" + maxEventAge
                + ", answerWindows=" + answerWindows + ", console=" + console + "]";
    }

    public Config withLimits(ServerLimits newLimits) {
        return new Config(port, dataDir, rulesDir, host, shadowRulesDir, access, casesDir, newLimits, decisionLog,
                redisUrl, degradedMode, rulesFromRedis, maxEventAge, answerWindows, console);
    }

    public Config withDecisionLog(Retention retention) {
        return new Config(port, dataDir, rulesDir, host, shadowRulesDir, access, casesDir, limits, retention, redisUrl,
                degradedMode, rulesFromRedis, maxEventAge, answerWindows, console);
    }

    public Config withRedisUrl(String url) {
        return new Config(port, dataDir, rulesDir, host, shadowRulesDir, access, casesDir, limits, decisionLog, url,
                degradedMode, rulesFromRedis, maxEventAge, answerWindows, console);
    }

    public Config withDegradedMode(DegradedMode mode) {
        return new Config(port, dataDir, rulesDir, host, shadowRulesDir, access, casesDir, limits, decisionLog, redisUrl,
                mode, rulesFromRedis, maxEventAge, answerWindows, console);
    }

    /** Live score requests may be at most {@code age} old (RISKGATE_MAX_EVENT_AGE). */
    public Config withMaxEventAge(EventAge age) {
        return new Config(port, dataDir, rulesDir, host, shadowRulesDir, access, casesDir, limits, decisionLog, redisUrl,
                degradedMode, rulesFromRedis, age, answerWindows, console);
    }

    /** Keeps answers and decided events for these windows (RISKGATE_IDEMPOTENCY_WINDOW, RISKGATE_FEEDBACK_WINDOW). */
    public Config withAnswerWindows(AnswerWindows windows) {
        return new Config(port, dataDir, rulesDir, host, shadowRulesDir, access, casesDir, limits, decisionLog, redisUrl,
                degradedMode, rulesFromRedis, maxEventAge, windows, console);
    }

    /** Serves the pack published to Redis (RISKGATE_RULES_SOURCE=redis) instead of {@code rulesDir}. */
    public Config withRulesFromRedis() {
        return new Config(port, dataDir, rulesDir, host, shadowRulesDir, access, casesDir, limits, decisionLog, redisUrl,
                degradedMode, true, maxEventAge, answerWindows, console);
    }

    /** The analyst console and its index on this instance, or not (RISKGATE_CONSOLE). */
    public Config withConsole(boolean on) {
        return new Config(port, dataDir, rulesDir, host, shadowRulesDir, access, casesDir, limits, decisionLog, redisUrl,
                degradedMode, rulesFromRedis, maxEventAge, answerWindows, on);
    }

    public static Config fromEnvironment() {
        return from(System.getenv());
    }

    public static Config from(Map<String, String> env) {
        // Read by logback (logback.xml), not here; checked here so that a typo stops the start with a
        // message instead of silencing the log.
        oneOf("RISKGATE_LOG_FORMAT", env.get("RISKGATE_LOG_FORMAT"), Set.of("json", "text"));
        String level = env.get("RISKGATE_LOG_LEVEL");
        oneOf("RISKGATE_LOG_LEVEL", level == null ? null : level.toUpperCase(Locale.ROOT),
                Set.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR", "OFF"));
        String shadow = env.get("RISKGATE_SHADOW_RULES_DIR");
        long logMaxBytes = number(env, "RISKGATE_LOG_MAX_BYTES", DEFAULT_LOG_MAX_BYTES);
        ServerLimits limits = new ServerLimits(
                (int) number(env, "RISKGATE_MAX_CONNECTIONS", ServerLimits.defaultMaxConnections()),
                (int) number(env, "RISKGATE_MAX_IN_FLIGHT", ServerLimits.DEFAULT_MAX_IN_FLIGHT),
                seconds(env, "RISKGATE_IDLE_TIMEOUT_S", ServerLimits.DEFAULT_IDLE_TIMEOUT),
                seconds(env, "RISKGATE_HEADER_TIMEOUT_S", ServerLimits.DEFAULT_HEADER_TIMEOUT),
                seconds(env, "RISKGATE_BODY_TIMEOUT_S", ServerLimits.DEFAULT_BODY_TIMEOUT),
                (int) number(env, "RISKGATE_MAX_HEADER_BYTES", ServerLimits.DEFAULT_MAX_HEADER_BYTES),
                seconds(env, "RISKGATE_DRAIN_S", ServerLimits.DEFAULT_DRAIN),
                seconds(env, "RISKGATE_DRAIN_DELAY_S", ServerLimits.DEFAULT_DRAIN_DELAY));
        Retention retention = new Retention(logMaxBytes,
                Duration.ofDays(number(env, "RISKGATE_LOG_RETENTION_DAYS", Retention.DEFAULT_MAX_AGE.toDays())),
                number(env, "RISKGATE_LOG_MAX_TOTAL_BYTES", Math.max(Retention.DEFAULT_MAX_TOTAL_BYTES, logMaxBytes)),
                flag(env, "RISKGATE_LOG_REDACT"));
        return new Config(
                (int) number(env, "RISKGATE_PORT", 8080),
                Path.of(env.getOrDefault("RISKGATE_DATA_DIR", "./data")),
                Path.of(env.getOrDefault("RISKGATE_RULES_DIR", "./rules")),
                env.getOrDefault("RISKGATE_HOST", "0.0.0.0"),
                shadow == null || shadow.isBlank() ? null : Path.of(shadow),
                access(env),
                casesDir(env.get("RISKGATE_CASES_DIR")),
                limits, retention, env.get("RISKGATE_REDIS_URL"), degradedMode(env),
                rulesFromRedis(env.get("RISKGATE_RULES_SOURCE")), EventAge.parse(env.get(EventAge.SETTING)),
                AnswerWindows.from(env), console(env.get("RISKGATE_CONSOLE")));
    }

    private static DegradedMode degradedMode(Map<String, String> env) {
        String fail = env.get("RISKGATE_FAIL_DECISION");
        Set<String> verdicts = new TreeSet<>();
        for (Verdict v : Verdict.values()) {
            verdicts.add(v.name());
        }
        oneOf("RISKGATE_FAIL_DECISION", fail, verdicts);
        return new DegradedMode(
                Duration.ofMillis(number(env, "RISKGATE_DEADLINE_MS", DegradedMode.DEFAULT_DEADLINE.toMillis())),
                fail == null || fail.isBlank() ? DegradedMode.DEFAULT_FAIL_DECISION : Verdict.valueOf(fail.trim()));
    }

    /** "on" (the default) or "off". */
    private static boolean console(String raw) {
        oneOf("RISKGATE_CONSOLE", raw, Set.of("on", "off"));
        return raw == null || raw.isBlank() || raw.trim().equals("on");
    }

    /** "dir" (the default) or "redis". */
    private static boolean rulesFromRedis(String raw) {
        oneOf("RISKGATE_RULES_SOURCE", raw, Set.of("dir", "redis"));
        return raw != null && raw.trim().equals("redis");
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
                env.get("RISKGATE_METRICS_HOST"),
                KeyList.parse("RISKGATE_ANALYST_KEYS", env.get("RISKGATE_ANALYST_KEYS")));
    }

    private static void oneOf(String name, String raw, Set<String> allowed) {
        if (raw != null && !raw.isBlank() && !allowed.contains(raw.trim())) {
            throw new IllegalArgumentException(name + " must be one of " + new TreeSet<>(allowed) + ", was '" + raw + "'");
        }
    }

    private static Duration seconds(Map<String, String> env, String name, Duration fallback) {
        return Duration.ofSeconds(number(env, name, fallback.toSeconds()));
    }

    private static boolean flag(Map<String, String> env, String name) {
        String raw = env.get(name);
        if (raw == null || raw.isBlank()) {
            return false;
        }
        return switch (raw.trim().toLowerCase(Locale.ROOT)) {
            case "true", "1", "yes" -> true;
            case "false", "0", "no" -> false;
            default -> throw new IllegalArgumentException(name + " must be true or false, was '" + raw + "'");
        };
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
