package dev.riskgate;

import dev.riskgate.http.LoadShedder;
import dev.riskgate.metrics.RiskMetrics;
import io.vertx.core.http.HttpServer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The graceful half of a shutdown: /health turns 503 while requests are still served for the drain delay
 * (a balancer's health checks see the instance leave), then new requests are refused, the listener
 * closes, and requests already admitted run to their answer, up to the drain deadline. A request is either
 * answered or refused before any work is done for it; none is cut off while its decision is being made,
 * unless the deadline passes.
 */
final class Drain {

    private static final Logger LOG = LoggerFactory.getLogger(Drain.class);
    private static final long POLL_MILLIS = 10;

    record Result(int atStart, int finished, int abandoned, Duration elapsed) {
    }

    private final LoadShedder shedder;
    private final RiskMetrics metrics;
    private final HttpServer server;
    private final Duration delay;
    private final Duration deadline;

    Drain(LoadShedder shedder, RiskMetrics metrics, HttpServer server, Duration delay, Duration deadline) {
        this.shedder = shedder;
        this.metrics = metrics;
        this.server = server;
        this.delay = delay;
        this.deadline = deadline;
    }

    Result run() {
        if (!delay.isZero()) {
            shedder.leave();
            LOG.info("leaving: /health answers 503 DRAINING, requests still served for {} s (RISKGATE_DRAIN_DELAY_S)",
                    delay.toSeconds());
            try {
                Thread.sleep(delay.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        long start = System.nanoTime();
        shedder.drain();
        int atStart = inFlight();
        LOG.info("draining: {} requests in flight, up to {} s for them to finish (RISKGATE_DRAIN_S)", atStart,
                deadline.toSeconds());
        try {
            // Stops accepting; each connection closes once its request in progress has been answered.
            server.shutdown(deadline.toMillis(), TimeUnit.MILLISECONDS).await();
        } catch (RuntimeException e) {
            LOG.warn("closing the listener failed: {}", e.toString());
        }
        // A worker may still be writing for a client that left; its decision is stored before the store closes.
        long end = start + deadline.toNanos();
        while (inFlight() > 0 && System.nanoTime() < end) {
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        int abandoned = inFlight();
        return new Result(atStart, Math.max(0, atStart - abandoned), abandoned, Duration.ofNanos(System.nanoTime() - start));
    }

    private int inFlight() {
        return Math.max(shedder.inFlight(), metrics.inFlight());
    }
}
