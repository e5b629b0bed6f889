package dev.riskgate.http;

import dev.riskgate.config.DegradedMode;
import dev.riskgate.decision.DecisionJson;
import dev.riskgate.decision.FeedbackOutcome;
import dev.riskgate.event.BadRequest;
import dev.riskgate.event.EventAge;
import dev.riskgate.event.JsonFields;
import dev.riskgate.event.ScoreRequest;
import dev.riskgate.event.ScoreRequestParser;
import dev.riskgate.event.StrictJson;
import dev.riskgate.metrics.RiskMetrics;
import dev.riskgate.scoring.AnswerClaim;
import dev.riskgate.scoring.AnswerExpired;
import dev.riskgate.scoring.DeadlinePassed;
import dev.riskgate.scoring.DecisionEnvelope;
import dev.riskgate.decision.Decision;
import dev.riskgate.decision.DegradedReason;
import dev.riskgate.scoring.EventIdConflict;
import dev.riskgate.scoring.FeedbackConflict;
import dev.riskgate.scoring.FeedbackRecorder;
import dev.riskgate.scoring.Scorer;
import dev.riskgate.scoring.UnknownEvent;
import dev.riskgate.state.StateStore;
import dev.riskgate.state.StateUnavailable;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP contract (docs/openapi.yaml). Parsing and validation run on the event loop (cheap); state and
 * rules run on a worker pool, unordered, so requests never queue behind each other on one context.
 * Keys are checked in front of these routes ({@link BearerAuth}) and feedback is audited ({@link FeedbackAudit}).
 * A score request is answered within its deadline ({@link DegradedMode}): by its decision, or by the fail
 * decision, marked degraded, when the deadline or a store failure comes first ({@link AnswerClaim}).
 */
public final class HttpApi {

    public static final int MAX_BODY_BYTES = 64 * 1024;
    private static final Logger LOG = LoggerFactory.getLogger(HttpApi.class);
    /** Store failures repeat on every request while the store is down: one line a second says so. */
    private final LogThrottle storeWarnings = new LogThrottle(Duration.ofSeconds(1));

    private final Vertx vertx;
    private final Scorer scorer;
    private final FeedbackRecorder feedback;
    private final StateStore store;
    private final RiskMetrics metrics;
    private final Supplier<String> rulesVersion;
    private final ScoreRequestParser parser;
    private final WorkerExecutor workers;
    private final DegradedMode degradedMode;
    private final EventAge maxAge;
    private final Clock clock;
    private final BooleanSupplier warm;

    /** @param warm whether the instance has warmed up ({@code Warmup}); /health says WARMING until it has */
    public HttpApi(Vertx vertx, Scorer scorer, FeedbackRecorder feedback, StateStore store, RiskMetrics metrics,
                   Supplier<String> rulesVersion, Clock clock, DegradedMode degradedMode, EventAge maxAge,
                   BooleanSupplier warm) {
        this.vertx = vertx;
        this.maxAge = maxAge;
        this.clock = clock;
        this.warm = warm;
        this.degradedMode = degradedMode;
        this.scorer = scorer;
        this.feedback = feedback;
        this.store = store;
        this.metrics = metrics;
        this.rulesVersion = rulesVersion;
        this.parser = new ScoreRequestParser(clock);
        this.workers = vertx.createSharedWorkerExecutor("riskgate-scoring", 32);
    }

    public Router router() {
        Router router = Router.router(vertx);
        // Sized from Content-Length (which the limit already caps): a body read into the default 1 KB
        // buffer would allocate it whole for a few hundred bytes.
        BodyHandler body = BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES).setPreallocateBodyBuffer(true);
        // The content-type check runs as its own route so that a non-JSON body is refused unread.
        for (String path : java.util.List.of("/v1/score", "/v1/feedback")) {
            router.post(path).handler(ctx -> {
                String type = ctx.request().getHeader("content-type");
                if (!isJson(type)) {
                    metrics.badRequest("unsupported_media_type");
                }
                requireJson(ctx);
            });
        }
        router.post("/v1/score").handler(body).handler(this::score);
        router.post("/v1/feedback").handler(body).handler(this::feedback);
        router.get("/v1/decisions/:eventId").handler(this::decision);
        router.get("/health").handler(this::health);
        router.get("/metrics").handler(ctx -> ctx.response()
                .putHeader("content-type", MetricsListener.CONTENT_TYPE).end(metrics.scrape()));
        router.route().failureHandler(this::failure);
        router.errorHandler(404, ctx -> error(ctx, 404, "not_found",
                "no such endpoint: " + ctx.request().method() + " " + ctx.request().path(), null));
        router.errorHandler(405, ctx -> error(ctx, 405, "method_not_allowed",
                ctx.request().method() + " is not allowed on " + ctx.request().path(), null));
        return router;
    }

    /** 415 unless the body is JSON; also in front of {@code POST /admin/score}. */
    static void requireJson(RoutingContext ctx) {
        String type = ctx.request().getHeader("content-type");
        if (!isJson(type)) {
            error(ctx, 415, "unsupported_media_type", "content-type must be application/json, was "
                    + (type == null ? "missing" : "'" + type + "'"), null);
            return;
        }
        ctx.next();
    }

    private static boolean isJson(String type) {
        String media = type == null ? "" : type.split(";", 2)[0].trim().toLowerCase(java.util.Locale.ROOT);
        return media.equals("application/json") || (media.startsWith("application/") && media.endsWith("+json"));
    }

    private void score(RoutingContext ctx) {
        ScoreRequest req;
        try {
            req = parser.parse(StrictJson.object(ctx.body().buffer()));
        } catch (BadRequest e) {
            badRequest(ctx, e);
            return;
        }
        try {
            // What a well-formed event must also be to be scored live: recent, in a currency the live pack takes.
            maxAge.check(req, clock);
            scorer.admit(req);
        } catch (BadRequest e) {
            if (e.reason().equals(EventAge.TOO_OLD)) {
                // A retry of an event decided in time gets its stored answer, however late it comes.
                blocking(ctx, () -> scorer.storedAnswer(req)).onSuccess(stored -> {
                    if (stored.isPresent()) {
                        sendJson(ctx, stored.get().answer());
                    } else {
                        badRequest(ctx, e);
                    }
                });
                return;
            }
            badRequest(ctx, e);
            return;
        }
        long start = System.nanoTime();
        AnswerClaim claim = new AnswerClaim(start + degradedMode.deadline().toNanos());
        // The timer and the work's completion both run on this request's event loop, so they never answer
        // at once; the claim settles the race with the worker thread itself (see AnswerClaim).
        long timer = vertx.setTimer(degradedMode.deadline().toMillis(), id -> {
            if (claim.takeForDeadline()) {
                degraded(ctx, req, DegradedReason.DEADLINE, start);
            }
        });
        metrics.requestStarted();
        workers.executeBlocking(() -> scorer.score(req, claim), false)
                .onComplete(ar -> {
                    metrics.requestFinished();
                    vertx.cancelTimer(timer);
                })
                .onSuccess(decided -> {
                    metrics.scored(decided.scored(), System.nanoTime() - start);
                    sendJson(ctx, decided.answer());
                })
                .onFailure(e -> {
                    if (e instanceof DeadlinePassed) {
                        return;
                    }
                    if (e instanceof StateUnavailable) {
                        // Recorded nothing, or (a commit whose reply was lost) a decision a retry will get.
                        long left = storeWarnings.admit();
                        if (left >= 0) {
                            LOG.warn("state store failed on {}: {}{}", req.eventId(), e.getMessage(), LogThrottle.leftOut(left));
                        }
                        if (claim.takeAfterFailure()) {
                            degraded(ctx, req, DegradedReason.STORE_UNAVAILABLE, start);
                        }
                    } else if (claim.failDecisionSent()) {
                        LOG.error("scoring {} failed after the deadline had answered it", req.eventId(), e);
                    } else {
                        failed(ctx, e);
                    }
                });
    }

    /**
     * Answers the fail decision: score 0, no reasons (no rule ran to the end), the live pack's version.
     * The decision log hears of it after the answer, off the event loop (a log write may wait on a rotation).
     */
    private void degraded(RoutingContext ctx, ScoreRequest req, DegradedReason reason, long start) {
        Decision fail = new Decision(req.eventId(), degradedMode.failDecision(), 0, List.of(), rulesVersion.get());
        DecisionEnvelope answer = DecisionEnvelope.degraded(req, fail, reason);
        metrics.degraded(reason, System.nanoTime() - start);
        sendJson(ctx, answer.answer());
        workers.executeBlocking(() -> {
            scorer.degraded(answer);
            return null;
        }, false);
    }

    private void feedback(RoutingContext ctx) {
        String eventId;
        FeedbackOutcome outcome;
        try {
            JsonFields f = new JsonFields(StrictJson.object(ctx.body().buffer()), "");
            eventId = f.requiredId("eventId");
            String raw = f.requiredString("outcome", 32);
            try {
                outcome = FeedbackOutcome.valueOf(raw);
            } catch (IllegalArgumentException e) {
                throw new BadRequest("outcome", "out_of_range",
                        "outcome must be one of STEP_UP_PASSED, STEP_UP_FAILED, FRAUD, LEGIT");
            }
        } catch (BadRequest e) {
            badRequest(ctx, e);
            return;
        }
        FeedbackAudit.heard(ctx, eventId, outcome);
        blocking(ctx, () -> feedback.record(eventId, outcome)).onSuccess(r -> {
            FeedbackAudit.answered(ctx, r.changed());
            if (r.changed()) {
                metrics.feedback(r.outcome());
            }
            ctx.json(new JsonObject().put("eventId", r.eventId()).put("outcome", r.outcome().name())
                    .put("changed", r.changed()));
        });
    }

    private void decision(RoutingContext ctx) {
        String eventId;
        try {
            // The id in the path is held to the rules of the id in a body: an id that could never have
            // been scored is a 400 naming it, not a lookup.
            eventId = new JsonFields(new JsonObject().put("eventId", ctx.pathParam("eventId")), "").requiredId("eventId");
        } catch (BadRequest e) {
            badRequest(ctx, e);
            return;
        }
        blocking(ctx, () -> store.decision(eventId).orElseThrow(() -> new UnknownEvent(eventId)))
                .onSuccess(rec -> {
                    if (rec.answerKept()) {
                        sendJson(ctx, DecisionJson.of(rec.answer()));
                    } else {
                        answerExpired(ctx, new AnswerExpired(rec));
                    }
                });
    }

    /**
     * 503 {@code WARMING} until the instance has warmed up (the pack has decided synthetic events and the
     * store has answered): a fresh instance's first answers would otherwise be slow, some of them the fail
     * decision. Then 200 whether or not the store answers: with the store down every instance sharing it is
     * down at once, and a load balancer pulling them all would turn the declared fail decision into
     * connection errors. {@code DEGRADED} says score requests get the fail decision: the store cannot be
     * read, or its writes fail ({@link StateStore#checkHealth}); it clears by itself once the store answers
     * and a write goes through.
     */
    private void health(RoutingContext ctx) {
        if (!warm.getAsBoolean()) {
            ctx.response().setStatusCode(503);
            ctx.json(new JsonObject().put("status", "WARMING").put("rulesVersion", rulesVersion.get()));
            return;
        }
        vertx.executeBlocking(() -> {
            store.checkHealth();
            return null;
        }, false).onComplete(ar -> {
            JsonObject body = new JsonObject().put("status", ar.succeeded() ? "UP" : "DEGRADED")
                    .put("rulesVersion", rulesVersion.get());
            if (ar.failed()) {
                body.put("degradedReason", DegradedReason.STORE_UNAVAILABLE.wireName())
                        .put("error", "state store: " + ar.cause().getMessage());
            }
            ctx.json(body);
        });
    }

    /** Sends JSON text already written, with the header {@code ctx.json} would set. */
    private static void sendJson(RoutingContext ctx, String json) {
        ctx.response().putHeader("content-type", "application/json").end(json);
    }

    /** Runs {@code work} off the event loop; failures become the matching HTTP answer. */
    private <T> Future<T> blocking(RoutingContext ctx, Callable<T> work) {
        metrics.requestStarted();
        return workers.executeBlocking(work, false)
                .onComplete(ar -> metrics.requestFinished())
                .onFailure(e -> failed(ctx, e));
    }

    private void failed(RoutingContext ctx, Throwable e) {
        if (e instanceof BadRequest bad) {
            // The pack changed between admission and scoring, and the new one refuses the currency.
            badRequest(ctx, bad);
        } else if (e instanceof UnknownEvent) {
            error(ctx, 404, "not_found", e.getMessage(), "eventId");
        } else if (e instanceof AnswerExpired expired) {
            answerExpired(ctx, expired);
        } else if (e instanceof EventIdConflict) {
            error(ctx, 409, "conflict", e.getMessage(), "eventId");
        } else if (e instanceof FeedbackConflict) {
            error(ctx, 409, "conflict", e.getMessage(), "outcome");
        } else if (e instanceof StateUnavailable) {
            // Feedback and lookups have no fail decision: the gateway retries them once the store is back.
            long left = storeWarnings.admit();
            if (left >= 0) {
                LOG.warn("state store failed: {} {}: {}{}", ctx.request().method(), ctx.request().path(), e.getMessage(),
                        LogThrottle.leftOut(left));
            }
            ctx.response().putHeader("retry-after", LoadShedder.RETRY_AFTER);
            error(ctx, 503, "unavailable", "riskgate could not reach its state; retry with the same eventId", null);
        } else {
            // Not the gateway's fault and not transient (a rule bug, say): retrying will not help.
            LOG.error("request failed: {} {}", ctx.request().method(), ctx.request().path(), e);
            error(ctx, 500, "internal", "riskgate failed to evaluate the request: " + e.getClass().getSimpleName(), null);
        }
    }

    /**
     * 410: the event was decided, past the idempotency window (RISKGATE_IDEMPOTENCY_WINDOW), so its answer
     * is no longer kept. Not 200 with a shortened answer (a retry would get other bytes than the first
     * time, and "no reasons" would read as "no rule fired"), not 404 (the event is known, is never decided
     * again, and feedback still reaches it). The verdict and the time are in the body, so a gateway
     * reconciling late can still act on what was decided.
     */
    private void answerExpired(RoutingContext ctx, AnswerExpired e) {
        ctx.put(ErrorAnswer.CODE, "answer_expired");
        ErrorAnswer.send(ctx.response(), 410, "answer_expired", e.getMessage(), "eventId", new JsonObject()
                .put("eventId", e.record().eventId())
                .put("decision", e.record().answer().decision().name())
                .put("decidedAt", e.record().decidedAt().toString()));
    }

    private void badRequest(RoutingContext ctx, BadRequest e) {
        metrics.badRequest(e.reason());
        error(ctx, 400, e.reason(), e.getMessage(), e.field());
    }

    private void failure(RoutingContext ctx) {
        int status = ctx.statusCode();
        if (status == 413) {
            metrics.badRequest("too_large");
            error(ctx, 413, "too_large", "the request body is over " + MAX_BODY_BYTES + " bytes", null);
        } else if (status == 400 || brokenFraming(ctx)) {
            metrics.badRequest("malformed_body");
            error(ctx, 400, "malformed_body", "the request body could not be read", null);
        } else if (clientWentAway(ctx)) {
            // Anyone can hang up mid-request; at ERROR that would let them flood the log.
            LOG.debug("client went away during {} {}: {}", ctx.request().method(), ctx.request().path(),
                    String.valueOf(ctx.failure()));
        } else {
            LOG.error("unhandled failure on {} {}", ctx.request().method(), ctx.request().path(), ctx.failure());
            error(ctx, status > 0 ? status : 500, "internal", "internal error", null);
        }
    }

    /** The HTTP codec could not read the body (a bad chunk size, say): the client's fault, not ours. */
    private static boolean brokenFraming(RoutingContext ctx) {
        Throwable t = ctx.failure();
        StackTraceElement[] at = t == null ? new StackTraceElement[0] : t.getStackTrace();
        return at.length > 0 && at[0].getClassName().startsWith("io.netty.handler.codec.");
    }

    private static boolean clientWentAway(RoutingContext ctx) {
        Throwable t = ctx.failure();
        return t instanceof HttpClosedException || t instanceof IOException || ctx.response().closed();
    }

    private static void error(RoutingContext ctx, int status, String code, String message, String field) {
        ErrorAnswer.send(ctx, status, code, message, field);
    }
}
