package dev.riskgate.http;

import dev.riskgate.metrics.RiskMetrics;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Admission to {@code /v1/*}: at most a limit of requests are processed at once, and the next one is
 * answered 503 with {@code Retry-After} straight away. The limit adapts ({@link AdaptiveLimit}) between
 * a few per core and {@code maxInFlight}, so admitted requests stay fast however much CPU the box gives. A gateway then retries elsewhere or later
 * with the same eventId, instead of waiting behind a queue that grows into seconds. While draining
 * (SIGTERM) every new request is refused the same way and {@code /health} answers 503, so a load
 * balancer stops sending; what was admitted before still gets its answer.
 */
public final class LoadShedder {

    /** Seconds a shed client should wait: long enough for a queue to clear, short for a payment. */
    static final String RETRY_AFTER = "1";

    private final AdaptiveLimit limit;
    private final RiskMetrics metrics;
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile boolean leaving;
    private volatile boolean draining;

    public LoadShedder(int maxInFlight, RiskMetrics metrics) {
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("maxInFlight must be at least 1, was " + maxInFlight);
        }
        int floor = Math.min(maxInFlight, 2 * Runtime.getRuntime().availableProcessors());
        this.limit = new AdaptiveLimit(floor, Math.min(maxInFlight, 4 * floor), maxInFlight);
        this.metrics = metrics;
        metrics.inFlightLimit(limit::current);
    }

    /**
     * Puts the admission check and the draining health answer ahead of every other route. The admission
     * route has no path of its own: Vert.x labels request metrics with the paths of the routes a request
     * passed, and a "/v1/*" route would become the endpoint label of every unknown /v1 path.
     */
    public void mount(Router router) {
        router.route().order(-1).handler(ctx -> {
            if (ctx.normalizedPath().startsWith("/v1/")) {
                admit(ctx);
            } else {
                ctx.next();
            }
        });
        router.get("/health").order(-1).handler(this::health);
    }

    /**
     * From now on, report unhealthy (503 DRAINING) but keep serving: a balancer polling {@code /health} takes
     * the instance out of rotation while its requests still get answers, so none meets a closed port.
     */
    public void leave() {
        leaving = true;
    }

    /** From now on, refuse new requests and report unhealthy. */
    public void drain() {
        leaving = true;
        draining = true;
    }

    /** Admitted requests whose answer has not ended yet. */
    public int inFlight() {
        return inFlight.get();
    }

    private void admit(RoutingContext ctx) {
        if (draining) {
            refuse(ctx, "draining", "riskgate is shutting down; retry with the same eventId");
            return;
        }
        int now = limit.current();
        if (inFlight.incrementAndGet() > now) {
            inFlight.decrementAndGet();
            refuse(ctx, "overload", "riskgate is at capacity (" + now + " requests in progress); retry with the same eventId");
            return;
        }
        long admitted = System.nanoTime();
        // Called once, when the answer has been written or the connection went away first.
        ctx.addEndHandler(done -> {
            inFlight.decrementAndGet();
            long end = System.nanoTime();
            limit.answered(end - admitted, end);
        });
        ctx.next();
    }

    private void refuse(RoutingContext ctx, String reason, String message) {
        metrics.shed(reason);
        ctx.response().putHeader("retry-after", RETRY_AFTER);
        if (draining) {
            ctx.response().putHeader("connection", "close");
        }
        ErrorAnswer.send(ctx.response(), 503, reason, message, null);
    }

    private void health(RoutingContext ctx) {
        if (!leaving) {
            ctx.next();
            return;
        }
        ctx.response().setStatusCode(503).putHeader("connection", "close").putHeader("content-type", "application/json")
                .end(new JsonObject().put("status", "DRAINING").encode());
    }
}
