package dev.riskgate.http;

import dev.riskgate.alerts.AlertTokens;
import dev.riskgate.alerts.OwnerAnswers;
import dev.riskgate.decisionlog.Retention;
import dev.riskgate.decisionlog.RotatingLog;
import dev.riskgate.state.StateUnavailable;
import io.vertx.core.Vertx;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The account holder's answers, sent by the wallet's app or the alert's link through the gateway (gateway
 * key): {@code POST /v1/alerts/{alertId}/not-me} and {@code /it-was-me} with {@code {"token": "..."}}, and
 * {@code POST /v1/accounts/{accountId}/unfreeze}. Every call is written to {@code audit/owner-answers-*.jsonl}:
 * time, key id, route, alert or account, status and result.
 */
public final class OwnerAnswerRoutes implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(OwnerAnswerRoutes.class);
    private static final int MAX_BODY_BYTES = 4096;

    private final Vertx vertx;
    private final OwnerAnswers answers;
    private final RotatingLog audit;
    private final Clock clock;

    public OwnerAnswerRoutes(Vertx vertx, OwnerAnswers answers, Path dataDir, Retention retention, Clock clock) {
        this.vertx = vertx;
        this.answers = answers;
        this.clock = clock;
        this.audit = RotatingLog.open(dataDir.resolve(FeedbackAudit.DIR), "owner-answers",
                retention.keptAtLeast(FeedbackAudit.MIN_AGE), clock);
    }

    public void mount(Router router) {
        BodyHandler body = BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES);
        router.post("/v1/alerts/:alertId/not-me").handler(body).handler(ctx -> answer(ctx, true));
        router.post("/v1/alerts/:alertId/it-was-me").handler(body).handler(ctx -> answer(ctx, false));
        router.post("/v1/accounts/:accountId/unfreeze").handler(ctx -> {
            String account = ctx.pathParam("accountId");
            run(ctx, "unfreeze", account, () -> new JsonObject().put("accountId", account)
                    .put("unfrozen", answers.unfreeze(account)));
        });
    }

    private void answer(RoutingContext ctx, boolean notMe) {
        String alertId = ctx.pathParam("alertId");
        String route = notMe ? "not-me" : "it-was-me";
        String token;
        try {
            JsonObject json = ctx.body().asJsonObject();
            if (json == null || !(json.getValue("token") instanceof String t) || json.size() != 1) {
                refuse(ctx, route, alertId, 400, "invalid_request", "the body must be {\"token\": \"...\"}", "token");
                return;
            }
            token = t;
        } catch (DecodeException | ClassCastException e) {
            refuse(ctx, route, alertId, 400, "invalid_json", "the body is not JSON: " + e.getMessage(), null);
            return;
        }
        run(ctx, route, alertId, () -> {
            OwnerAnswers.Answered a = notMe ? answers.notMe(alertId, token) : answers.itWasMe(alertId, token);
            return new JsonObject().put("alertId", a.alertId()).put("accountId", a.accountId()).put("answer", a.answer())
                    .put("labelled", new JsonArray(a.labelled())).put("frozen", a.frozen());
        });
    }

    private void run(RoutingContext ctx, String route, String subject, Callable<JsonObject> work) {
        vertx.executeBlocking(work, false).onComplete(ar -> {
            if (ar.succeeded()) {
                write(ctx, route, subject, 200, "changed");
                ctx.json(ar.result());
            } else if (ar.cause() instanceof AlertTokens.Refused r) {
                int status = switch (r.code()) {
                    case "not_found" -> 404;
                    case "token_used" -> 409;
                    case "token_expired" -> 410;
                    default -> 403;
                };
                refuse(ctx, route, subject, status, r.code(), r.getMessage(), status == 404 ? "alertId" : "token");
            } else if (ar.cause() instanceof StateUnavailable) {
                refuse(ctx, route, subject, 503, "store_unavailable", "the state store is unavailable; try again", null);
            } else {
                LOG.error("owner answer {} on {} failed", route, subject, ar.cause());
                refuse(ctx, route, subject, 500, "internal", "internal error", null);
            }
        });
    }

    private void refuse(RoutingContext ctx, String route, String subject, int status, String code, String message, String field) {
        write(ctx, route, subject, status, code);
        ErrorAnswer.send(ctx, status, code, message, field);
    }

    private void write(RoutingContext ctx, String route, String subject, int status, String result) {
        try {
            audit.append(new JsonObject().put("at", clock.instant().toString()).put("keyId", BearerAuth.keyId(ctx))
                    .put("route", route).put(route.equals("unfreeze") ? "accountId" : "alertId", subject)
                    .put("status", status).put("result", result).encode());
        } catch (UncheckedIOException e) {
            LOG.error("cannot append to the owner-answers audit log", e);
        }
    }

    @Override
    public void close() {
        audit.close();
    }
}
