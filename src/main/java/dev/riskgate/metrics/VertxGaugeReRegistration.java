package dev.riskgate.metrics;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import org.slf4j.Marker;

/**
 * Drops Micrometer's "This Gauge has been already registered" warning for Vert.x's own meters, and only
 * for those. vertx-micrometer-metrics 5 registers its per-connection gauges (for instance
 * {@code vertx.http.server.active.connections}) again at every new connection and relies on Micrometer
 * handing back the gauge already registered, which it does: the counts stay right. Micrometer 1.13.9 and
 * later warn about such a re-registration once per process (vert-x3/vertx-micrometer-metrics#259), so
 * every riskgate logged a WARN at its second connection (the first health checks) that no operator
 * could act on. A re-registration of any other meter still warns.
 */
public final class VertxGaugeReRegistration extends TurboFilter {

    static final String LOGGER = "io.micrometer.core.instrument.MeterRegistry";

    @Override
    public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
        if (format != null && level == Level.WARN && LOGGER.equals(logger.getName())
                && format.contains("already registered") && format.contains("name='vertx.")) {
            return FilterReply.DENY;
        }
        return FilterReply.NEUTRAL;
    }
}
