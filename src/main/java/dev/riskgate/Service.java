package dev.riskgate;

import dev.riskgate.config.Config;
import dev.riskgate.http.HttpApi;
import dev.riskgate.metrics.RiskMetrics;
import dev.riskgate.rules.ActivePack;
import dev.riskgate.rules.RulePackLoader;
import dev.riskgate.rules.RulePackRejected;
import dev.riskgate.scoring.FeedbackRecorder;
import dev.riskgate.scoring.Scorer;
import dev.riskgate.state.StateStore;
import dev.riskgate.state.embedded.SqliteStateStore;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running riskgate: rule pack compiled, state open, HTTP listening. The pack is compiled and the store
 * opened before the server listens, so /health answers 200 from the first request it sees.
 */
public final class Service implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Service.class);

    private final Vertx vertx;
    private final HttpServer server;
    private final StateStore store;
    private final ActivePack pack;

    private Service(Vertx vertx, HttpServer server, StateStore store, ActivePack pack) {
        this.vertx = vertx;
        this.server = server;
        this.store = store;
        this.pack = pack;
    }

    public static Service start(Config config) throws RulePackRejected {
        Clock clock = Clock.systemUTC();
        ActivePack pack = new ActivePack(new RulePackLoader(clock).load(config.rulesDir()));
        StateStore store = SqliteStateStore.open(config.dataDir(), clock);
        RiskMetrics metrics = new RiskMetrics();
        metrics.activePack(pack.get().version());
        Vertx vertx = Vertx.builder()
                .with(new VertxOptions().setMetricsOptions(new MicrometerMetricsOptions().setEnabled(true)))
                .withMetrics(new MicrometerMetricsFactory(metrics.registry()))
                .build();
        try {
            HttpApi api = new HttpApi(vertx, new Scorer(store, pack, clock), new FeedbackRecorder(store), store,
                    metrics, () -> pack.get().version(), clock);
            HttpServer server = vertx.createHttpServer(new HttpServerOptions().setHost(config.host()).setPort(config.port()))
                    .requestHandler(api.router())
                    .listen().await();
            LOG.info("riskgate listening on {}:{} with rules {} from {}, state in {}", config.host(), server.actualPort(),
                    pack.get().version(), config.rulesDir().toAbsolutePath(), config.dataDir().toAbsolutePath());
            return new Service(vertx, server, store, pack);
        } catch (RuntimeException e) {
            vertx.close().await();
            store.close();
            throw e;
        }
    }

    public int port() {
        return server.actualPort();
    }

    public String rulesVersion() {
        return pack.get().version();
    }

    @Override
    public void close() {
        server.close().await();
        vertx.close().await();
        store.close();
        pack.get().close();
    }
}
