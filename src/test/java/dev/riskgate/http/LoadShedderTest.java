package dev.riskgate.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.riskgate.metrics.RiskMetrics;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Admission in front of real routes on a real server: past the bound a request is answered 503 at once,
 * and draining refuses new work and turns /health 503 while admitted work still gets its answer.
 */
class LoadShedderTest {

    private final Vertx vertx = Vertx.vertx();
    private final HttpClient http = HttpClient.newHttpClient();
    private final RiskMetrics metrics = new RiskMetrics();
    /** A bound of one: the smallest, so one slow request fills it. */
    private final LoadShedder shedder = new LoadShedder(1, metrics);
    private final CountDownLatch slowStarted = new CountDownLatch(1);
    private final Promise<Void> release = Promise.promise();
    private HttpServer server;

    @BeforeEach
    void start() {
        Router router = Router.router(vertx);
        router.get("/v1/slow").handler(ctx -> {
            slowStarted.countDown();
            release.future().onComplete(v -> ctx.json(new JsonObject().put("done", true)));
        });
        router.get("/v1/fast").handler(ctx -> ctx.json(new JsonObject().put("done", true)));
        router.get("/health").handler(ctx -> ctx.json(new JsonObject().put("status", "UP")));
        shedder.mount(router);
        server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").await();
    }

    @AfterEach
    void stop() {
        vertx.close().await();
    }

    @Test
    void answers503WithRetryAfterPastTheBound() throws Exception {
        CompletableFuture<HttpResponse<String>> slow = get("/v1/slow");
        assertThat(slowStarted.await(30, TimeUnit.SECONDS)).isTrue();

        HttpResponse<String> shed = get("/v1/fast").get(30, TimeUnit.SECONDS);
        assertThat(shed.statusCode()).isEqualTo(503);
        assertThat(shed.headers().firstValue("retry-after")).hasValue("1");
        assertThat(new JsonObject(shed.body()).getString("code")).isEqualTo("overload");
        assertThat(get("/health").get(30, TimeUnit.SECONDS).statusCode()).as("health is never shed").isEqualTo(200);
        assertThat(metrics.scrape()).contains("riskgate_shed_total{reason=\"overload\"} 1.0");

        vertx.runOnContext(v -> release.complete());
        assertThat(slow.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        assertThat(get("/v1/fast").get(30, TimeUnit.SECONDS).statusCode()).as("room again once it ended").isEqualTo(200);
    }

    @Test
    void drainingRefusesNewWorkAndFinishesAdmittedWork() throws Exception {
        CompletableFuture<HttpResponse<String>> slow = get("/v1/slow");
        assertThat(slowStarted.await(30, TimeUnit.SECONDS)).isTrue();

        shedder.drain();
        HttpResponse<String> health = get("/health").get(30, TimeUnit.SECONDS);
        assertThat(health.statusCode()).isEqualTo(503);
        assertThat(new JsonObject(health.body()).getString("status")).isEqualTo("DRAINING");
        HttpResponse<String> refused = get("/v1/fast").get(30, TimeUnit.SECONDS);
        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(new JsonObject(refused.body()).getString("code")).isEqualTo("draining");
        assertThat(shedder.inFlight()).isEqualTo(1);

        vertx.runOnContext(v -> release.complete());
        assertThat(slow.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        // the count drops when the server has finished the response, which the client may see first
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (shedder.inFlight() != 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(shedder.inFlight()).isZero();
    }

    @Test
    void leavingReportsUnhealthyWhileStillServing() throws Exception {
        shedder.leave();

        HttpResponse<String> health = get("/health").get(30, TimeUnit.SECONDS);
        assertThat(health.statusCode()).isEqualTo(503);
        assertThat(new JsonObject(health.body()).getString("status")).isEqualTo("DRAINING");
        assertThat(get("/v1/fast").get(30, TimeUnit.SECONDS).statusCode()).as("still served while leaving").isEqualTo(200);

        shedder.drain();
        assertThat(get("/v1/fast").get(30, TimeUnit.SECONDS).statusCode()).as("refused once draining").isEqualTo(503);
    }

    private CompletableFuture<HttpResponse<String>> get(String path) {
        return http.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.actualPort() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
