package dev.riskgate;

import dev.riskgate.config.Config;
import dev.riskgate.config.ServerLimits;
import dev.riskgate.console.ConsoleQueries;
import dev.riskgate.console.DecisionIndex;
import dev.riskgate.console.IndexFeed;
import dev.riskgate.console.IndexPace;
import dev.riskgate.console.ReviewQueue;
import dev.riskgate.decisionlog.DecisionLog;
import dev.riskgate.http.AdminApi;
import dev.riskgate.http.ApiKeys;
import dev.riskgate.http.BearerAuth;
import dev.riskgate.http.ConnectionGuard;
import dev.riskgate.http.FeedbackAudit;
import dev.riskgate.http.HttpApi;
import dev.riskgate.http.LoadShedder;
import dev.riskgate.http.MalformedRequests;
import dev.riskgate.http.MetricsListener;
import dev.riskgate.http.console.ConsoleWeb;
import dev.riskgate.alerts.AlertDispatcher;
import dev.riskgate.alerts.AlertSettings;
import dev.riskgate.alerts.Backoff;
import dev.riskgate.alerts.DeliveryLog;
import dev.riskgate.alerts.OwnerAnswers;
import dev.riskgate.http.OwnerAnswerRoutes;
import dev.riskgate.metrics.MeteredStateStore;
import dev.riskgate.metrics.RiskMetrics;
import dev.riskgate.rules.LivePack;
import dev.riskgate.rules.PackGate;
import dev.riskgate.rules.PackSource;
import dev.riskgate.rules.PublishedPack;
import dev.riskgate.rules.RulePackRejected;
import dev.riskgate.scenarios.ScenarioGate;
import dev.riskgate.scoring.DecisionListener;
import dev.riskgate.scoring.DryRun;
import dev.riskgate.scoring.FeedbackRecorder;
import dev.riskgate.scoring.Scorer;
import dev.riskgate.scoring.ShadowScorer;
import dev.riskgate.scoring.Warmup;
import dev.riskgate.state.StateStore;
import dev.riskgate.state.embedded.JournalStateStore;
import dev.riskgate.state.redis.RedisPackStore;
import dev.riskgate.state.redis.RedisStateStore;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.micrometer.MicrometerMetricsFactory;
import java.net.BindException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running riskgate: rule pack compiled, state open, HTTP listening. The pack is compiled and the store
 * opened before the server listens; then it warms up in the background ({@link Warmup}), /health answering
 * 503 WARMING until that is done, then 200.
 */
public final class Service implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Service.class);
    /** How often the rules directories are checked for edits. */
    private static final Duration RELOAD_POLL = Duration.ofSeconds(1);
    private static final int SHADOW_QUEUE = 10_000;
    /**
     * Envelopes that may wait for the console index (each holds the event, the answer and the history the rules
     * saw: a few KB). Its thread is paced (IndexPace), so under saturation the queue fills; past it the feed
     * reads the decision log back once the load drops, which costs no heap meanwhile.
     */
    private static final int INDEX_QUEUE = 20_000;

    private final List<AutoCloseable> resources;
    private final HttpServer server;
    private final LivePack pack;
    private final HttpServer metricsServer;
    private final Drain drain;
    private final Warmup warmup;
    private boolean closed;

    private Service(List<AutoCloseable> resources, HttpServer server, LivePack pack, HttpServer metricsServer,
                    Drain drain, Warmup warmup) {
        this.warmup = warmup;
        this.resources = resources;
        this.server = server;
        this.pack = pack;
        this.metricsServer = metricsServer;
        this.drain = drain;
    }

    public static Service start(Config config) throws RulePackRejected {
        return start(config, UnaryOperator.identity());
    }

    /**
     * As {@link #start(Config)}, with the state store {@code config} names wrapped by {@code around}: a
     * decorator of the embedder's (the deadline tests put a deliberately slow store here).
     */
    public static Service start(Config config, UnaryOperator<StateStore> around) throws RulePackRejected {
        return start(config, around, AlertSettings.from(System.getenv()));
    }

    /** As {@link #start(Config, UnaryOperator)}, with where account-holder alerts go given, not read from the environment. */
    public static Service start(Config config, UnaryOperator<StateStore> around, AlertSettings alertSettings)
            throws RulePackRejected {
        Clock clock = Clock.systemUTC();
        RiskMetrics metrics = new RiskMetrics();
        if (!config.rulesFromRedis()) {
            requireDirectory(config.rulesDir(), "the rule pack", "RISKGATE_RULES_DIR", "");
        }
        if (config.casesDir() != null) {
            requireDirectory(config.casesDir(), "the scenario", "RISKGATE_CASES_DIR",
                    " (or to none to serve packs without checking them)");
        }
        if (config.shadowRulesDir() != null) {
            requireDirectory(config.shadowRulesDir(), "the shadow rule pack", "RISKGATE_SHADOW_RULES_DIR", "");
        }
        // Closed in reverse order of opening.
        List<AutoCloseable> resources = new ArrayList<>();
        try {
            // Before anything writes there (generated keys, store, logs): one riskgate per data directory.
            resources.add(DataDirLock.acquire(config.dataDir()));
            ApiKeys keys = ApiKeys.forService(config.access(), config.dataDir());
            PackSource source = config.rulesFromRedis() ? published(config, resources) : PackSource.directory(config.rulesDir());
            LivePack pack = LivePack.open(source, "active", clock, RELOAD_POLL, gate(config), outcome -> {
                metrics.reload(outcome.result().equals("loaded") ? "success" : "rejected");
                if (outcome.result().equals("loaded")) {
                    metrics.activePack(outcome.version());
                }
            });
            resources.add(pack);
            metrics.activePack(pack.get().version());
            // RISKGATE_REDIS_URL: history shared with other instances in Redis; unset: the embedded journal.
            StateStore store = new MeteredStateStore(around.apply(config.redisUrl() == null
                    ? JournalStateStore.open(config.dataDir(), clock, config.answerWindows())
                    : RedisStateStore.open(config.redisUrl(), RedisStateStore.DEFAULT_PREFIX,
                            config.degradedMode().storeTimeout(), config.answerWindows())),
                    config.redisUrl() == null ? "the journal store" : "Redis", metrics.registry());
            resources.add(store);
            DecisionLog log = DecisionLog.open(config.dataDir(), config.decisionLog(), clock);
            resources.add(log);
            // The console's index, fed off the request path from the same envelopes as the log, which is
            // told first: the index reads back from the log whatever its queue had no room for.
            DecisionIndex index = null;
            IndexFeed feed = null;
            List<DecisionListener> listeners = new ArrayList<>(List.of(log));
            if (config.console()) {
                index = DecisionIndex.open(config.dataDir().resolve("console"));
                resources.add(index);
                feed = new IndexFeed(index, config.dataDir().resolve(DecisionLog.DIR), clock, INDEX_QUEUE,
                        IndexPace.forCores(Runtime.getRuntime().availableProcessors(), metrics::inFlight));
                resources.add(feed);
                feed.bindTo(metrics.registry());
                listeners.add(feed);
            } else {
                LOG.info("RISKGATE_CONSOLE=off: no analyst console and no decision index on this instance");
            }
            List<DecisionListener> recorded = List.copyOf(listeners);
            // RISKGATE_WEBHOOK_URL / RISKGATE_ALERTS_FILE: account-holder alerts delivered from the outbox.
            if (alertSettings.enabled()) {
                DeliveryLog deliveries = DeliveryLog.open(config.dataDir(), config.decisionLog(), clock);
                resources.add(deliveries);
                AlertDispatcher dispatcher = new AlertDispatcher(store.outbox(), alertSettings, deliveries,
                        metrics.registry(), clock, Backoff.DEFAULT,
                        // A Redis sweep reads every slot's outbox: every 10 s is soon enough for retries (30 s
                        // backoff at least) and for a dead claimant's alerts; fresh alerts go at once regardless.
                        Duration.ofSeconds(config.redisUrl() == null ? 1 : 10)).start();
                resources.add(dispatcher);
                listeners.add(dispatcher);
                LOG.info("account-holder alerts delivered to {}", alertSettings.endpoints().stream()
                        .map(e -> e.name() + " (" + e.url().getScheme() + "://" + e.url().getHost() + ")").toList());
            }
            LivePack shadow = null;
            if (config.shadowRulesDir() != null) {
                shadow = LivePack.open(config.shadowRulesDir(), "shadow", clock, RELOAD_POLL, outcome -> { });
                resources.add(shadow);
                IndexFeed shadowFeed = feed;
                ShadowScorer shadowScorer = new ShadowScorer(shadow, (active, candidate) -> {
                    metrics.shadow(active.decision(), candidate.decision());
                    log.shadow(active, candidate);
                    if (shadowFeed != null) {
                        shadowFeed.shadow(active, candidate);
                    }
                }, SHADOW_QUEUE);
                metrics.shadowDropped(shadowScorer::dropped);
                resources.add(shadowScorer);
                listeners.add(shadowScorer);
            }
            Vertx vertx = Vertx.builder()
                    .with(new VertxOptions().setMetricsOptions(metrics.vertxOptions()))
                    .withMetrics(new MicrometerMetricsFactory(metrics.registry()))
                    .build();
            resources.add(() -> vertx.close().await());
            Warmup warmup = new Warmup(pack, store, clock);
            resources.add(warmup);
            FeedbackRecorder feedback = new FeedbackRecorder(store, recorded);
            HttpApi api = new HttpApi(vertx, new Scorer(store, pack, clock, listeners, alertSettings.enabled()),
                    feedback, store, metrics, () -> pack.get().version(), clock,
                    config.degradedMode(), config.maxEventAge(), warmup::done);
            Router router = api.router();
            if (alertSettings.enabled()) {
                OwnerAnswerRoutes owners = new OwnerAnswerRoutes(vertx, new OwnerAnswers(store, feedback,
                        alertSettings.tokens(), clock), config.dataDir(), config.decisionLog(), clock);
                resources.add(owners);
                owners.mount(router);
            }
            DryRun dryRun = new DryRun(store, pack, shadow);
            new AdminApi(vertx, pack, shadow, dryRun, clock).mount(router);
            new BearerAuth(keys).mount(router);
            FeedbackAudit audit = FeedbackAudit.open(config.dataDir(), config.decisionLog(), clock);
            resources.add(audit);
            audit.mount(router);
            if (feed != null) {
                ConsoleWeb console = new ConsoleWeb(vertx, keys, new ConsoleQueries(index),
                        new ReviewQueue(index, clock, ReviewQueue.DEFAULT_LEASE), feed::status, feedback, audit,
                        config.dataDir(), config.decisionLog(), dryRun, pack, shadow, clock);
                resources.add(console);
                console.mount(router);
            } else {
                ConsoleWeb.mountOff(router);
            }
            ServerLimits limits = config.limits();
            LoadShedder shedder = new LoadShedder(limits.maxInFlight(), metrics);
            shedder.mount(router);
            ConnectionGuard guard = new ConnectionGuard(vertx, limits, metrics);
            guard.mount(router);
            HttpServerOptions options = serverOptions(config);
            HttpServer server = MalformedRequests.guard(vertx.createHttpServer(options)
                    .connectionHandler(conn -> {
                        if (MalformedRequests.strictFraming(conn, options)) {
                            guard.onConnection(conn);
                        }
                    })
                    .exceptionHandler(Service::connectionFailed), router);
            listen(server, config);
            resources.add(() -> server.close().await());
            // Listening first, so that /health can say WARMING meanwhile.
            warmup.start();
            HttpServer metricsServer = MetricsListener.start(vertx, config.access(), metrics::scrape);
            if (metricsServer != null) {
                resources.add(() -> metricsServer.close().await());
                LOG.info("metrics also served without a key on {}:{}", config.access().metricsHost(), metricsServer.actualPort());
            }
            LOG.info("riskgate listening on {}:{} with rules {} from {}{}, state in {}; at most {} connections and {} "
                            + "requests in progress; {} ms to decide, then {}", config.host(), server.actualPort(),
                    pack.get().version(), config.rulesFromRedis() ? source : config.rulesDir(),
                    shadow == null ? "" : " (shadow " + shadow.get().version() + " from " + config.shadowRulesDir() + ")",
                    config.redisUrl() == null ? config.dataDir() : RedisStateStore.where(config.redisUrl()),
                    limits.maxConnections(), limits.maxInFlight(), config.degradedMode().deadline().toMillis(),
                    config.degradedMode().failDecision());
            List<String> collector = JvmCollector.running();
            JvmCollector.advice(collector).ifPresentOrElse(LOG::warn, () -> LOG.info("garbage collector: {}", collector));
            return new Service(resources, server, pack, metricsServer, new Drain(shedder, metrics, server,
                    limits.drainDelay(), limits.drain()), warmup);
        } catch (RuntimeException | RulePackRejected e) {
            closeAll(resources);
            throw e;
        }
    }

    /**
     * RISKGATE_RULES_SOURCE=redis: the pack {@code riskgate publish} made current in Redis, fetched to the
     * data directory and followed at every poll, so every instance serves the one pack.
     */
    private static PackSource published(Config config, List<AutoCloseable> resources) {
        RedisPackStore packs = RedisPackStore.open(config.redisUrl(), RedisStateStore.DEFAULT_PREFIX);
        resources.add(packs);
        String where = RedisStateStore.where(config.redisUrl());
        if (packs.currentVersion() == null) {
            throw new StartupFailure("RISKGATE_RULES_SOURCE=redis, and no rule pack has been published to " + where
                    + " yet; publish one first: riskgate publish --rules DIR");
        }
        return new PublishedPack(packs::currentVersion, packs::files, packs::describe,
                config.dataDir().resolve("published-rules"), where);
    }

    /**
     * The active pack, the first one too, must pass the scenario files before it serves. The shadow pack
     * is not gated: it is the candidate being compared, and may differ on purpose.
     */
    private static PackGate gate(Config config) {
        if (config.casesDir() == null) {
            LOG.warn("RISKGATE_CASES_DIR=none: rule packs go live without passing any scenario file");
            return PackGate.NONE;
        }
        LOG.info("rule packs must pass the scenario files in {} before they serve", config.casesDir());
        return new ScenarioGate(config.casesDir());
    }

    private static HttpServerOptions serverOptions(Config config) {
        ServerLimits limits = config.limits();
        // HTTP/1.1 only. With cleartext HTTP/2 on, Vert.x holds a new connection's first bytes until they
        // stop looking like the h2c preface, and only then calls the connection handler: a client trickling
        // that preface a byte at a time would escape ConnectionGuard's head timeout. Gateways speak HTTP/1.1.
        return new HttpServerOptions().setHost(config.host()).setPort(config.port()).setHttp2ClearTextEnabled(false)
                .setIdleTimeout((int) limits.idleTimeout().toSeconds()).setIdleTimeoutUnit(TimeUnit.SECONDS)
                .setMaxHeaderSize(limits.maxHeaderBytes());
    }

    private static void listen(HttpServer server, Config config) {
        try {
            server.listen().await();
        } catch (Exception e) { // await() rethrows the bind failure as is, checked or not
            if (addressInUse(e)) {
                throw new StartupFailure("port " + config.port() + " on " + config.host()
                        + " is already in use; stop the other process or set RISKGATE_PORT to a free port");
            }
            throw e instanceof RuntimeException r ? r : new IllegalStateException("cannot listen on port " + config.port(), e);
        }
    }

    private static boolean addressInUse(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BindException || String.valueOf(t.getMessage()).contains("Address already in use")) {
                return true;
            }
        }
        return false;
    }

    private static void requireDirectory(Path dir, String what, String setting, String orElse) {
        if (!Files.isDirectory(dir)) {
            throw new StartupFailure(what + " directory " + dir + " does not exist; set " + setting + " to it" + orElse
                    + " (relative paths are resolved against " + Path.of("").toAbsolutePath() + ")");
        }
    }

    /** Connection-level failures, nearly all a client that went away: routine, not an error of riskgate's. */
    private static void connectionFailed(Throwable e) {
        LOG.debug("connection failed: {}", e.toString());
    }

    public int port() {
        return server.actualPort();
    }

    /** The port of the separate metrics listener, or -1 when there is none. */
    public int metricsPort() {
        return metricsServer == null ? -1 : metricsServer.actualPort();
    }

    public String rulesVersion() {
        return pack.get().version();
    }

    /**
     * Waits at most {@code timeout} for the warm-up (until then /health answers 503 WARMING); returns
     * whether it is done. Embedders and tests that want a warm instance call this after {@link #start}.
     */
    public boolean awaitWarm(Duration timeout) throws InterruptedException {
        return warmup.await(timeout);
    }

    /**
     * The SIGTERM path: report unhealthy while still serving (RISKGATE_DRAIN_DELAY_S), then refuse new work,
     * let what was accepted finish (within RISKGATE_DRAIN_S), then close
     * the store and the decision log. Safe to call more than once.
     */
    public synchronized void drainAndClose() {
        if (closed) {
            return;
        }
        Drain.Result drained = drain.run();
        closeAll(resources);
        closed = true;
        LOG.info("riskgate stopped: drained {} of {} requests in flight in {} ms{}, state closed", drained.finished(),
                drained.atStart(), drained.elapsed().toMillis(),
                drained.abandoned() == 0 ? "" : ", " + drained.abandoned() + " cut off at the drain deadline");
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closeAll(resources);
        closed = true;
        LOG.info("riskgate stopped");
    }

    private static void closeAll(List<AutoCloseable> resources) {
        for (int i = resources.size() - 1; i >= 0; i--) {
            try {
                resources.get(i).close();
            } catch (Exception e) {
                LOG.warn("closing {} failed", resources.get(i), e);
            }
        }
        resources.clear();
    }
}
