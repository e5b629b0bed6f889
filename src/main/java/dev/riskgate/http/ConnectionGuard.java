package dev.riskgate.http;

import dev.riskgate.config.ServerLimits;
import dev.riskgate.metrics.RiskMetrics;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps slow, idle and surplus connections from holding the server. Each connection must send a complete
 * request head within the header timeout of opening or of its last answer, and a body within the body
 * timeout of its head; a slow sender (slowloris) is cut off. Past the connection cap the connection idle
 * longest is closed to make room, so an idle flood cannot lock out a health check; when every connection
 * is busy, the new one is closed instead. Silence in both directions is Vert.x's idle timeout.
 *
 * <p>Every answer says how long the connection may then sit unused ({@code Keep-Alive: timeout=N}, a
 * second under the header timeout): a client that keeps an idle connection longer than the server does
 * sends its next request into a close, and gets a connection error for a request the server never read.
 */
public final class ConnectionGuard {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectionGuard.class);
    private static final CharSequence KEEP_ALIVE = HttpHeaders.createOptimized("keep-alive");

    private final Vertx vertx;
    private final ServerLimits limits;
    private final RiskMetrics metrics;
    private final Map<HttpConnection, Tracked> open = new HashMap<>();
    /** Connections with no request in progress, the one idle longest first. */
    private final Set<HttpConnection> idle = new LinkedHashSet<>();
    /** The Keep-Alive header's value, or null when the header timeout is too short to promise a second. */
    private final CharSequence keepAlive;

    public ConnectionGuard(Vertx vertx, ServerLimits limits, RiskMetrics metrics) {
        this.vertx = vertx;
        this.limits = limits;
        this.metrics = metrics;
        long promise = limits.headerTimeout().toSeconds() - 1; // a second's margin for the request's flight
        this.keepAlive = promise >= 1 ? HttpHeaders.createOptimized("timeout=" + promise) : null;
    }

    private static final class Tracked {
        int busy;
        long headTimer = -1;
    }

    /** The server's connection handler. */
    public void onConnection(HttpConnection conn) {
        HttpConnection victim = null;
        boolean refuse = false;
        synchronized (this) {
            if (open.size() >= limits.maxConnections()) {
                var oldest = idle.iterator();
                if (oldest.hasNext()) {
                    victim = oldest.next();
                    forget(victim);
                } else {
                    refuse = true;
                }
            }
            if (!refuse) {
                open.put(conn, new Tracked());
                idle.add(conn);
            }
        }
        if (refuse) {
            metrics.connectionClosed("over_capacity");
            conn.close();
            return;
        }
        if (victim != null) {
            metrics.connectionClosed("evicted_idle");
            victim.close();
        }
        conn.closeHandler(v -> {
            synchronized (this) {
                forget(conn);
            }
        });
        armHeadTimer(conn);
    }

    /** Routes every request through the guard first: it is busy until its answer ends. */
    public void mount(Router router) {
        // Ahead of authentication too (BearerAuth.ORDER): a refused request still ends a wait for a head.
        router.route().order(BearerAuth.ORDER - 100).handler(this::onRequest);
    }

    private void onRequest(RoutingContext ctx) {
        HttpConnection conn = ctx.request().connection();
        synchronized (this) {
            Tracked t = open.get(conn);
            if (t != null) {
                t.busy++;
                idle.remove(conn);
                cancel(t);
            }
        }
        if (keepAlive != null) {
            ctx.response().headers().set(KEEP_ALIVE, keepAlive);
        }
        long bodyTimer = ctx.request().isEnded() ? -1 : vertx.setTimer(limits.bodyTimeout().toMillis(), id -> {
            if (!ctx.request().isEnded() && !ctx.response().ended()) {
                LOG.debug("request body not received within {}; closing the connection", limits.bodyTimeout());
                metrics.connectionClosed("body_timeout");
                ctx.response().putHeader("connection", "close");
                ErrorAnswer.send(ctx.response(), 408, "timeout", "the request body was not received within "
                        + limits.bodyTimeout().toSeconds() + " s", null).onComplete(done -> conn.close());
            }
        });
        ctx.addEndHandler(done -> {
            if (bodyTimer >= 0) {
                vertx.cancelTimer(bodyTimer);
            }
            boolean nowIdle;
            synchronized (this) {
                Tracked t = open.get(conn);
                nowIdle = t != null && --t.busy == 0;
                if (nowIdle) {
                    idle.add(conn);
                }
            }
            if (nowIdle) {
                armHeadTimer(conn);
            }
        });
        ctx.next();
    }

    private void armHeadTimer(HttpConnection conn) {
        long id = vertx.setTimer(limits.headerTimeout().toMillis(), fired -> {
            boolean expired;
            synchronized (this) {
                Tracked t = open.get(conn);
                expired = t != null && t.busy == 0 && t.headTimer == fired;
            }
            if (expired) {
                LOG.debug("no complete request head within {}; closing the connection", limits.headerTimeout());
                metrics.connectionClosed("header_timeout");
                conn.close();
            }
        });
        synchronized (this) {
            Tracked t = open.get(conn);
            if (t == null || t.busy > 0) {
                vertx.cancelTimer(id);
            } else {
                cancel(t);
                t.headTimer = id;
            }
        }
    }

    private void cancel(Tracked t) {
        if (t.headTimer >= 0) {
            vertx.cancelTimer(t.headTimer);
            t.headTimer = -1;
        }
    }

    private void forget(HttpConnection conn) {
        Tracked t = open.remove(conn);
        idle.remove(conn);
        if (t != null) {
            cancel(t);
        }
    }
}
