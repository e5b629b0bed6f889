package dev.riskgate.http;

import dev.riskgate.config.Access;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import java.util.function.Supplier;

/**
 * {@code GET /metrics} alone on its own port (RISKGATE_METRICS_PORT), without a key: for a scraper on the
 * same host, or in the same private container network when RISKGATE_METRICS_HOST says so. Nothing else is
 * served there. The main port keeps serving {@code /metrics} to metrics and admin keys.
 */
public final class MetricsListener {

    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private MetricsListener() {
    }

    /** The listening server, or null when {@code access} asks for none. */
    public static HttpServer start(Vertx vertx, Access access, Supplier<String> scrape) {
        if (access.metricsPort() < 0) {
            return null;
        }
        HttpServerOptions options = new HttpServerOptions().setHost(access.metricsHost()).setPort(access.metricsPort());
        HttpServer server = vertx.createHttpServer(options)
                .connectionHandler(conn -> MalformedRequests.strictFraming(conn, options));
        return MalformedRequests.guard(server, request -> {
            if (request.path().equals("/metrics") && request.method().name().equals("GET")) {
                request.response().putHeader("content-type", CONTENT_TYPE).end(scrape.get());
            } else {
                ErrorAnswer.send(request.response(), 404, "not_found", "only GET /metrics is served on this port", null);
            }
        }).listen().await();
    }
}
