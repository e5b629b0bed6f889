package dev.riskgate;

import dev.riskgate.config.Config;
import dev.riskgate.decisionlog.DecisionLog;
import dev.riskgate.http.AdminApi;
import dev.riskgate.http.ApiKeys;
import dev.riskgate.http.BearerAuth;
import dev.riskgate.http.FeedbackAudit;
import dev.riskgate.http.HttpApi;
import dev.riskgate.http.MalformedRequests;
import dev.riskgate.http.MetricsListener;
import dev.riskgate.metrics.MeteredStateStore;
import dev.riskgate.metrics.RiskMetrics;
import dev.riskgate.rules.LivePack;
import dev.riskgate.rules.PackGate;
import dev.riskgate.rules.RulePackRejected;
import dev.riskgate.scenarios.ScenarioGate;
import dev.riskgate.scoring.DecisionListener;
import dev.riskgate.scoring.FeedbackRecorder;
import dev.riskgate.scoring.Scorer;
import dev.riskgate.scoring.ShadowScorer;
import dev.riskgate.state.StateStore;
import dev.riskgate.state.embedded.SqliteStateStore;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.micrometer.MicrometerMetricsFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running riskgate: rule pack compiled, state open, HTTP listening. The pack is compiled and the store
 * opened before the server listens, so /health answers 200 from the first request it sees.
 */
public final class Service implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Service.class);
    /** How often the rules directories are checked for edits. */
    private static final Duration RELOAD_POLL = Duration.ofSeconds(1);
    private static final int SHADOW_QUEUE = 10_000;

    private final List<AutoCloseable> resources;
    private final HttpServer server;
    private final LivePack pack;
    private final HttpServer metricsServer;

    private Service(List<AutoCloseable> resources, HttpServer server, LivePack pack, HttpServer metricsServer) {
        this.resources = resources;
        this.server = server;
        this.pack = pack;
        this.metricsServer = metricsServer;
    }

    public static Service start(Config config) throws RulePackRejected {
        Clock clock = Clock.systemUTC();
        RiskMetrics metrics = new RiskMetrics();
        // Closed in reverse order of opening.
        List<AutoCloseable> resources = new ArrayList<>();
        try {
            ApiKeys keys = ApiKeys.forService(config.access(), config.dataDir());
            LivePack pack = LivePack.open(config.rulesDir(), "active", clock, RELOAD_POLL, gate(config), outcome -> {
                metrics.reload(outcome.result().equals("loaded") ? "success" : "rejected");
                if (outcome.result().equals("loaded")) {
                    metrics.activePack(outcome.version());
                }
            });
            resources.add(pack);
            metrics.activePack(pack.get().version());
            StateStore store = new MeteredStateStore(SqliteStateStore.open(config.dataDir(), clock), metrics.registry());
            resources.add(store);
            DecisionLog log = DecisionLog.open(config.dataDir(), config.logMaxBytes(), clock);
            resources.add(log);
            List<DecisionListener> listeners = new ArrayList<>(List.of(log));
            LivePack shadow = null;
            if (config.shadowRulesDir() != null) {
                shadow = LivePack.open(config.shadowRulesDir(), "shadow", clock, RELOAD_POLL, outcome -> { });
                resources.add(shadow);
                ShadowScorer shadowScorer = new ShadowScorer(shadow, (active, candidate) -> {
                    metrics.shadow(active.decision(), candidate.decision());
                    log.shadow(active, candidate);
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
            HttpApi api = new HttpApi(vertx, new Scorer(store, pack, clock, listeners),
                    new FeedbackRecorder(store, List.of(log)), store, metrics, () -> pack.get().version(), clock);
            Router router = api.router();
            new AdminApi(vertx, pack, shadow).mount(router);
            new BearerAuth(keys).mount(router);
            FeedbackAudit audit = FeedbackAudit.open(config.dataDir(), clock);
            resources.add(audit);
            audit.mount(router);
            HttpServer server = MalformedRequests.guard(
                    vertx.createHttpServer(new HttpServerOptions().setHost(config.host()).setPort(config.port())), router)
                    .listen().await();
            resources.add(() -> server.close().await());
            HttpServer metricsServer = MetricsListener.start(vertx, config.access(), metrics::scrape);
            if (metricsServer != null) {
                resources.add(() -> metricsServer.close().await());
                LOG.info("metrics also served without a key on {}:{}", config.access().metricsHost(), metricsServer.actualPort());
            }
            LOG.info("riskgate listening on {}:{} with rules {} from {}{}, state in {}", config.host(), server.actualPort(),
                    pack.get().version(), config.rulesDir().toAbsolutePath(),
                    shadow == null ? "" : " (shadow " + shadow.get().version() + " from " + config.shadowRulesDir() + ")",
                    config.dataDir().toAbsolutePath());
            return new Service(resources, server, pack, metricsServer);
        } catch (RuntimeException | RulePackRejected e) {
            closeAll(resources);
            throw e;
        }
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
        LOG.info("rule packs must pass the scenario files in {} before they serve", config.casesDir().toAbsolutePath().normalize());
        return new ScenarioGate(config.casesDir());
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

    @Override
    public void close() {
        closeAll(resources);
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
