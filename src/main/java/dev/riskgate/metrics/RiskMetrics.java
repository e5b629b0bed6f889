package dev.riskgate.metrics;

import dev.riskgate.decision.FeedbackOutcome;
import dev.riskgate.decision.Reason;
import dev.riskgate.decision.Verdict;
import dev.riskgate.event.EventType;
import dev.riskgate.decision.DegradedReason;
import dev.riskgate.scoring.Scored;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MicrometerMetricsOptions;
import java.time.Duration;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * riskgate's own metrics, all under the {@code riskgate_} prefix, in base units, with bounded labels
 * only (outcome, type, stage, rule name, reason; never account, device or event ids). Counters whose
 * label values are known up front are registered at zero, so a dashboard shows 0 rather than "No data"
 * before the first event of a kind.
 */
public final class RiskMetrics {

    /** The latency objective for a decision; a histogram bucket sits exactly on it. */
    public static final Duration OBJECTIVE = Duration.ofMillis(50);
    private static final Set<String> RELOAD_RESULTS = Set.of("success", "rejected");
    private static final Duration[] BUCKETS = {
            Duration.ofNanos(500_000), Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(5),
            Duration.ofMillis(10), Duration.ofMillis(20), OBJECTIVE, Duration.ofMillis(100),
            Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2)};
    private static final List<String> STAGES = List.of("read", "evaluate", "write");
    /** JVM meters whose names break the conventions promtool checks (abbreviated units, a gauge named _count). */
    private static final Set<String> NONCONFORMING = Set.of("jvm.compilation.time", "process.cpu.time", "system.cpu.count");
    /** The methods riskgate has routes for or a client may fairly send; any other is labelled "other". */
    private static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "DELETE", "HEAD", "OPTIONS", "PATCH");
    /**
     * The error codes of riskgate's 4xx answers, exported at zero so the bad-request panel has series on a
     * fresh deployment. A code not listed still counts; listing it only registers it early.
     */
    private static final List<String> BAD_REQUEST_REASONS = List.of("malformed_json", "malformed_body", "wrong_type",
            "missing", "out_of_range", "too_long", "bad_currency", "unsupported_currency", "bad_timestamp", "too_old",
            "unsupported_media_type", "too_large");
    private static final Set<String> SHED_REASONS = Set.of("overload", "draining");
    private static final Set<String> CLOSE_REASONS = Set.of("over_capacity", "evicted_idle", "header_timeout", "body_timeout");

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final AtomicInteger inFlight = new AtomicInteger();
    private final MultiGauge packInfo;
    private final DistributionSummary scores;
    private final Timer duration;
    // Meters on the request path, registered once: a registry lookup per request builds an id, its tags
    // and a map probe each time, a kilobyte or so of garbage per decision for nothing.
    private final Timer readStage;
    private final Timer evaluateStage;
    private final Timer writeStage;
    private final Counter[][] decisions = new Counter[Verdict.values().length][EventType.values().length];
    private final Counter[] retries = new Counter[EventType.values().length];
    private final Map<DegradedReason, Counter> degraded = new EnumMap<>(DegradedReason.class);
    private final Map<FeedbackOutcome, Counter> feedback = new EnumMap<>(FeedbackOutcome.class);
    private final Counter agree;
    private final Counter disagree;
    private final Counter[][] shadowDecisions = new Counter[Verdict.values().length][Verdict.values().length];
    /** By rule name: bounded by the rules of the packs served since start. */
    private final Map<String, Counter> rulesFired = new ConcurrentHashMap<>();

    private final Map<String, Counter> stagedFired = new ConcurrentHashMap<>();
    /** By error code: bounded by the codes riskgate answers with. */
    private final Map<String, Counter> badRequests = new ConcurrentHashMap<>();

    public RiskMetrics() {
        registry.config()
                .meterFilter(MeterFilter.deny(id -> NONCONFORMING.contains(id.getName())))
                .meterFilter(MeterFilter.replaceTagValues("route", RiskMetrics::endpoint));
        Gauge.builder("riskgate.in.flight.requests", inFlight, AtomicInteger::get)
                .description("Score, feedback and decision lookup requests being processed").register(registry);
        packInfo = MultiGauge.builder("riskgate.rule.pack.info")
                .description("The active rule pack; its version is the label").register(registry);
        unrecognisedCategories = Counter.builder("riskgate.unrecognised.categories")
                .description("Basket items whose category categories.csv does not recognise").register(registry);
        scores = DistributionSummary.builder("riskgate.score")
                .description("Risk scores of new decisions (0-100)")
                .serviceLevelObjectives(10, 20, 30, 40, 50, 60, 70, 80, 90, 100)
                .register(registry);
        duration = Timer.builder("riskgate.scoring.duration").description("Time to answer a score request, end to end")
                .serviceLevelObjectives(BUCKETS).register(registry);
        readStage = stage(STAGES.get(0));
        evaluateStage = stage(STAGES.get(1));
        writeStage = stage(STAGES.get(2));
        for (EventType type : EventType.values()) {
            retries[type.ordinal()] = retriesCounter(type);
            for (Verdict verdict : Verdict.values()) {
                decisions[verdict.ordinal()][type.ordinal()] = decisionsCounter(verdict, type);
            }
        }
        for (FeedbackOutcome outcome : FeedbackOutcome.values()) {
            feedback.put(outcome, feedbackCounter(outcome));
        }
        RELOAD_RESULTS.forEach(this::reloads);
        for (Verdict active : Verdict.values()) {
            for (Verdict shadow : Verdict.values()) {
                shadowDecisions[active.ordinal()][shadow.ordinal()] = shadowDecisionsCounter(active, shadow);
            }
        }
        agree = shadowComparisons(true);
        disagree = shadowComparisons(false);
        BAD_REQUEST_REASONS.forEach(this::badRequests);
        SHED_REASONS.forEach(this::shedCounter);
        CLOSE_REASONS.forEach(this::closedCounter);
        for (DegradedReason reason : DegradedReason.values()) {
            degraded.put(reason, degradedCounter(reason));
        }
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /**
     * How Vert.x reports into {@link #registry()}: HTTP server metrics labelled by route template (never
     * by path, which would carry event ids), plus JVM and process metrics, which Vert.x unbinds on close.
     * The method label is riskgate's, not Vert.x's: Vert.x would label with whatever method a client
     * invents, one series (and one cached meter) per name; here any method outside {@link #METHODS} is
     * "other" before a meter is ever looked up.
     */
    public MicrometerMetricsOptions vertxOptions() {
        return new MicrometerMetricsOptions().setEnabled(true).setJvmMetricsEnabled(true)
                .setLabels(EnumSet.of(Label.HTTP_ROUTE, Label.HTTP_CODE, Label.POOL_TYPE, Label.POOL_NAME, Label.EB_SIDE))
                .setServerRequestTagsProvider(request -> METHOD_TAGS.getOrDefault(request.method().name(), OTHER_METHOD));
    }

    /** The method label's tags, built once: the provider is asked on every request. */
    private static final Map<String, Tags> METHOD_TAGS = METHODS.stream()
            .collect(java.util.stream.Collectors.toUnmodifiableMap(m -> m, m -> Tags.of("method", m)));
    private static final Tags OTHER_METHOD = Tags.of("method", "other");

    /**
     * Basket items whose category no row of categories.csv recognises. No label: what tills send is
     * unbounded; `riskgate replay` lists the spellings.
     */
    private final Counter unrecognisedCategories;

    public String scrape() {
        return registry.scrape();
    }

    public void requestStarted() {
        inFlight.incrementAndGet();
    }

    public void requestFinished() {
        inFlight.decrementAndGet();
    }

    /** Requests whose work (state and rules) has started and not yet finished. */
    public int inFlight() {
        return inFlight.get();
    }

    /** The current bound on requests in progress, which the load shedder adapts. */
    public void inFlightLimit(java.util.function.IntSupplier limit) {
        Gauge.builder("riskgate.in.flight.limit", limit, l -> l.getAsInt())
                .description("Requests that may be in progress before more are shed (adapts to how fast answers are)")
                .register(registry);
    }

    /** Counts a request answered 503 at once; {@code reason} is "overload" or "draining". */
    public void shed(String reason) {
        if (!SHED_REASONS.contains(reason)) {
            throw new IllegalArgumentException("shed reason must be one of " + SHED_REASONS + ", was '" + reason + "'");
        }
        shedCounter(reason).increment();
    }

    /** Counts a connection riskgate closed to protect itself; the reasons are {@link #CLOSE_REASONS}. */
    public void connectionClosed(String reason) {
        if (!CLOSE_REASONS.contains(reason)) {
            throw new IllegalArgumentException("close reason must be one of " + CLOSE_REASONS + ", was '" + reason + "'");
        }
        closedCounter(reason).increment();
    }

    public void scored(Scored scored, long totalNanos) {
        if (scored.replayed()) {
            retries[scored.type().ordinal()].increment();
        } else {
            decisions[scored.decision().decision().ordinal()][scored.type().ordinal()].increment();
            scores.record(scored.decision().score());
            for (Reason r : scored.decision().reasons()) {
                rulesFired.computeIfAbsent(r.rule(), rule -> Counter.builder("riskgate.rules.fired")
                        .description("Rule firings by rule name").tag("rule", rule).register(registry)).increment();
            }
            // Log-only rules are counted apart: their firings are what staging them is for.
            for (Reason r : scored.decision().staged()) {
                stagedFired.computeIfAbsent(r.rule(), rule -> Counter.builder("riskgate.rules.staged.fired")
                        .description("Firings of log-only rules (@mode(\"log\")), which add no points, by rule name")
                        .tag("rule", rule).register(registry)).increment();
            }
            if (!scored.unrecognisedCategories().isEmpty()) {
                unrecognisedCategories.increment(scored.unrecognisedCategories().size());
            }
            evaluateStage.record(scored.evalNanos(), TimeUnit.NANOSECONDS);
            writeStage.record(scored.writeNanos(), TimeUnit.NANOSECONDS);
        }
        readStage.record(scored.readNanos(), TimeUnit.NANOSECONDS);
        duration.record(totalNanos, TimeUnit.NANOSECONDS);
    }

    /**
     * Counts a score request answered the fail decision instead of a decision of the rules. Its answer
     * time counts in the end-to-end latency like any answer's: the gateway waited that long.
     */
    public void degraded(DegradedReason reason, long totalNanos) {
        degraded.get(reason).increment();
        duration.record(totalNanos, TimeUnit.NANOSECONDS);
    }

    private Counter degradedCounter(DegradedReason reason) {
        return Counter.builder("riskgate.degraded.decisions")
                .description("Score requests answered the fail decision (RISKGATE_FAIL_DECISION), by reason")
                .tag("reason", reason.wireName()).register(registry);
    }

    public void badRequest(String reason) {
        badRequests(reason).increment();
    }

    private Counter badRequests(String reason) {
        return badRequests.computeIfAbsent(reason, r -> Counter.builder("riskgate.bad.requests")
                .description("Requests refused as bad input, by reason").tag("reason", r).register(registry));
    }

    private Counter shedCounter(String reason) {
        return Counter.builder("riskgate.shed").description("Requests answered 503 at once instead of queued, by reason")
                .tag("reason", reason).register(registry);
    }

    private Counter closedCounter(String reason) {
        return Counter.builder("riskgate.connections.closed")
                .description("Connections riskgate closed to protect itself, by reason").tag("reason", reason)
                .register(registry);
    }

    public void feedback(FeedbackOutcome outcome) {
        feedback.get(outcome).increment();
    }

    /** Replaces the info row: exactly one version is active at a time. */
    public void activePack(String version) {
        packInfo.register(List.of(MultiGauge.Row.of(Tags.of("version", version), 1)), true);
    }

    /** Counts a rule pack reload; {@code result} is "success" or "rejected". */
    public void reload(String result) {
        if (!RELOAD_RESULTS.contains(result)) {
            throw new IllegalArgumentException("reload result must be one of " + RELOAD_RESULTS + ", was '" + result + "'");
        }
        reloads(result).increment();
    }

    /** Comparisons the shadow pack skipped because it fell behind (counted by the shadow scorer). */
    public void shadowDropped(java.util.function.LongSupplier dropped) {
        io.micrometer.core.instrument.FunctionCounter.builder("riskgate.shadow.dropped", dropped, d -> d.getAsLong())
                .description("Shadow comparisons skipped because the shadow pack fell behind").register(registry);
    }

    /** Counts what the shadow pack decided for an event next to what the active pack answered. */
    public void shadow(Verdict active, Verdict shadow) {
        shadowDecisions[active.ordinal()][shadow.ordinal()].increment();
        (active == shadow ? agree : disagree).increment();
    }

    private Timer stage(String stage) {
        return Timer.builder("riskgate.scoring.stage.duration")
                .description("Time per scoring stage: state read, rule evaluation, state write")
                .tag("stage", stage).serviceLevelObjectives(BUCKETS).register(registry);
    }

    private Counter decisionsCounter(Verdict verdict, EventType type) {
        return Counter.builder("riskgate.decisions").description("New decisions by outcome and event type")
                .tags("decision", label(verdict), "type", type.wireName()).register(registry);
    }

    private Counter retriesCounter(EventType type) {
        return Counter.builder("riskgate.retries").description("Score requests answered from the stored decision")
                .tag("type", type.wireName()).register(registry);
    }

    private Counter feedbackCounter(FeedbackOutcome outcome) {
        return Counter.builder("riskgate.feedback").description("Feedback recorded, by outcome")
                .tag("outcome", outcome.name().toLowerCase(Locale.ROOT)).register(registry);
    }

    private Counter reloads(String result) {
        return Counter.builder("riskgate.rule.pack.reloads").description("Rule pack reloads, by result")
                .tag("result", result).register(registry);
    }

    private Counter shadowDecisionsCounter(Verdict active, Verdict shadow) {
        return Counter.builder("riskgate.shadow.decisions")
                .description("Events the shadow pack judged, by the active pack's and the shadow pack's decision")
                .tags("active", label(active), "shadow", label(shadow)).register(registry);
    }

    private Counter shadowComparisons(boolean agree) {
        return Counter.builder("riskgate.shadow.comparisons")
                .description("Shadow decisions compared with the active pack's, by whether they agree")
                .tag("result", agree ? "agree" : "disagree").register(registry);
    }

    /**
     * Vert.x labels a request with every route it passed ("/v1/>/v1/>/v1/score"); the last one is the
     * endpoint. A request no endpoint matched has none.
     */
    private static String endpoint(String routes) {
        String last = routes.substring(routes.lastIndexOf('>') + 1);
        return last.isEmpty() ? "unmatched" : last;
    }

    private static String label(Verdict verdict) {
        return verdict.name().toLowerCase(Locale.ROOT);
    }
}
