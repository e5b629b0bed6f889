package dev.riskgate.metrics;

import dev.riskgate.scoring.FeedbackOutcome;
import dev.riskgate.scoring.Reason;
import dev.riskgate.scoring.Scored;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * riskgate's own metrics, all under the {@code riskgate_} prefix, in base units, with bounded labels
 * only (outcome, type, stage, rule name, reason; never account, device or event ids).
 */
public final class RiskMetrics {

    /** The latency objective for a decision; a histogram bucket sits exactly on it. */
    public static final Duration OBJECTIVE = Duration.ofMillis(50);
    private static final Duration[] BUCKETS = {
            Duration.ofNanos(500_000), Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(5),
            Duration.ofMillis(10), Duration.ofMillis(20), OBJECTIVE, Duration.ofMillis(100),
            Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2)};

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final AtomicInteger inFlight = new AtomicInteger();
    private final MultiGauge packInfo;
    private final DistributionSummary scores;

    public RiskMetrics() {
        Gauge.builder("riskgate.in.flight.requests", inFlight, AtomicInteger::get)
                .description("Score and feedback requests being processed").register(registry);
        packInfo = MultiGauge.builder("riskgate.rule.pack.info")
                .description("The active rule pack; its version is the label").register(registry);
        scores = DistributionSummary.builder("riskgate.score")
                .description("Risk scores of new decisions (0-100)")
                .serviceLevelObjectives(10, 20, 30, 40, 50, 60, 70, 80, 90, 100)
                .register(registry);
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    public String scrape() {
        return registry.scrape();
    }

    public void requestStarted() {
        inFlight.incrementAndGet();
    }

    public void requestFinished() {
        inFlight.decrementAndGet();
    }

    public void scored(Scored scored, long totalNanos) {
        String type = scored.type().wireName();
        if (scored.replayed()) {
            Counter.builder("riskgate.retries").description("Score requests answered from the stored decision")
                    .tag("type", type).register(registry).increment();
        } else {
            Counter.builder("riskgate.decisions").description("New decisions by outcome and event type")
                    .tags("decision", scored.decision().decision().name().toLowerCase(Locale.ROOT), "type", type)
                    .register(registry).increment();
            scores.record(scored.decision().score());
            for (Reason r : scored.decision().reasons()) {
                Counter.builder("riskgate.rules.fired").description("Rule firings by rule name")
                        .tag("rule", r.rule()).register(registry).increment();
            }
            stage("evaluate", scored.evalNanos());
            stage("write", scored.writeNanos());
        }
        stage("read", scored.readNanos());
        Timer.builder("riskgate.scoring.duration").description("Time to answer a score request, end to end")
                .serviceLevelObjectives(BUCKETS).register(registry).record(totalNanos, TimeUnit.NANOSECONDS);
    }

    private void stage(String stage, long nanos) {
        Timer.builder("riskgate.scoring.stage.duration")
                .description("Time per scoring stage: state read, rule evaluation, state write")
                .tag("stage", stage).serviceLevelObjectives(BUCKETS).register(registry)
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    public void badRequest(String reason) {
        Counter.builder("riskgate.bad.requests").description("Requests refused as bad input, by reason")
                .tag("reason", reason).register(registry).increment();
    }

    public void feedback(FeedbackOutcome outcome) {
        Counter.builder("riskgate.feedback").description("Feedback recorded, by outcome")
                .tag("outcome", outcome.name().toLowerCase(Locale.ROOT)).register(registry).increment();
    }

    public void activePack(String version) {
        packInfo.register(List.of(MultiGauge.Row.of(Tags.of("version", version), 1)), true);
    }
}
