package dev.riskgate.bench;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * The ceiling riskgate is measured against: the same Vert.x stack (one HTTP server, a Router, a
 * BodyHandler with the service's body limit) parsing the same score JSON into a tree and reading its
 * fields, then answering a constant decision. No key check, no state, no rules: what is left is HTTP and
 * JSON, the part of a decision no design can remove.
 * It also answers POST /webhook with 204, the receiver of bench/feature-cost.sh's alerts.
 * Usage: java -cp riskgate.jar:riskgate-bench.jar dev.riskgate.bench.BareRoute PORT
 */
public final class BareRoute {

    private static final String ANSWER = "{\"eventId\":\"%s\",\"decision\":\"ALLOW\",\"score\":0,\"reasons\":[],"
            + "\"rulesVersion\":\"bare-route\"}";

    private BareRoute() {
    }

    public static void main(String[] args) {
        int port = Integer.parseInt(args[0]);
        Vertx vertx = Vertx.vertx();
        Router router = Router.router(vertx);
        router.post("/v1/score").handler(BodyHandler.create(false).setBodyLimit(64 * 1024)).handler(ctx -> {
            JsonObject body = ctx.body().asJsonObject();
            // Touch every field the service reads, so the JIT cannot skip the tree the service builds.
            String eventId = body.getString("eventId");
            body.getString("type");
            body.getString("accountId");
            body.getString("deviceId");
            body.getString("occurredAt");
            body.getValue("amount");
            body.getString("currency");
            body.getString("storeId");
            body.getJsonArray("items");
            ctx.response().putHeader("content-type", "application/json").end(String.format(ANSWER, eventId));
        });
        router.get("/health").handler(ctx -> ctx.response().end("{\"status\":\"UP\"}"));
        // bench/feature-cost.sh alerts points riskgate's webhook here: a receiver that takes every alert.
        router.post("/webhook").handler(ctx -> ctx.request().body().onComplete(b -> ctx.response().setStatusCode(204).end()));
        vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(port))
                .requestHandler(router).listen().await();
        System.out.println("bare route listening on 127.0.0.1:" + port);
    }
}
