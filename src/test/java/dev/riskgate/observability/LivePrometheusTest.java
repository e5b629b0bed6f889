package dev.riskgate.observability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.riskgate.Service;
import dev.riskgate.alerts.AlertSettings;
import dev.riskgate.alerts.WebhookEndpoint;
import dev.riskgate.alerts.WebhookSecret;
import dev.riskgate.TestPaths;
import dev.riskgate.config.Config;
import dev.riskgate.http.RiskgateClient;
import dev.riskgate.http.RunningRiskgate;
import dev.riskgate.http.TestKeys;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * riskgate under generated traffic, scraped every second by a real Prometheus that loads the shipped
 * scrape config and alert rules: every dashboard query returns data, every alert rule evaluates, a
 * rejected rule pack fires its alert, and the live scrape passes {@code promtool check metrics}.
 * A shadow pack with lower thresholds runs too, so the shadow panels see agreements and disagreements.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 4, unit = java.util.concurrent.TimeUnit.MINUTES)
class LivePrometheusTest {

    /** The longest any condition is waited for; the whole class stays within a few minutes. */
    private static final Duration WAIT = Duration.ofSeconds(60);

    private Path work;
    private Service service;
    private Traffic traffic;
    private LivePrometheus prometheus;
    private com.sun.net.httpserver.HttpServer receiver;
    private Path rules;
    /** What Grafana would put in for the dashboards' variables, given the 1s scrape interval. */
    private Map<String, String> variables;

    @BeforeAll
    void start(@TempDir Path work) throws Exception {
        this.work = work;
        PrometheusTools.require("prometheus");
        PrometheusTools.require("promtool");
        rules = copy(TestPaths.rules(), work.resolve("rules"));
        Path shadow = copy(TestPaths.rules(), work.resolve("shadow-rules"));
        setParameter(shadow, "decision.step_up_at", "5");
        setParameter(shadow, "decision.block_at", "45");
        // Prometheus scrapes the keyless metrics port, as it would on the same host or a private network.
        // Account-holder alerts go to a real receiver on loopback, so the alert panels see deliveries.
        receiver = com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 16);
        receiver.createContext("/hook", ex -> {
            ex.getRequestBody().readAllBytes();
            ex.sendResponseHeaders(204, -1);
            ex.close();
        });
        receiver.start();
        AlertSettings alerts = new AlertSettings(List.of(new WebhookEndpoint("wallet", java.net.URI.create(
                "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook"),
                List.of(WebhookSecret.parse("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "test")), java.util.Set.of())), true);
        service = RunningRiskgate.warm(Service.start(RunningRiskgate.OWNERS_HISTORY.apply(RunningRiskgate.patient(
                new Config(0, work.resolve("data"), rules, "127.0.0.1", shadow, TestKeys.access().withMetricsPort(0),
                        Config.DEFAULT_LOG_MAX_BYTES))), store -> store, alerts));
        traffic = new Traffic(service.port());
        String target = "127.0.0.1:" + service.metricsPort();
        prometheus = LivePrometheus.start(work.resolve("prometheus"), target);
        variables = Map.of("datasource", "prometheus", "job", LivePrometheus.JOB, "instance", target,
                "__rate_interval", "10s", "__interval", "1s", "__range", "5m");
        await("five scrapes of riskgate", () -> prometheus.value(
                "count_over_time(up{job=\"" + LivePrometheus.JOB + "\"}[1m])") >= 5
                && prometheus.value("up{job=\"" + LivePrometheus.JOB + "\"}") == 1);
    }

    @AfterAll
    void stop() throws Exception {
        if (traffic != null) {
            traffic.close();
        }
        if (prometheus != null) {
            prometheus.close();
        }
        if (service != null) {
            service.close();
        }
        if (receiver != null) {
            receiver.stop(0);
        }
    }

    @Test
    void trafficGetsEveryDecisionAsPlanned() {
        await("ALLOW, STEP_UP and BLOCK answers", () -> traffic.decisions().keySet().containsAll(
                List.of("ALLOW", "STEP_UP", "BLOCK")));

        assertThat(traffic.problems()).as("answers the traffic did not expect").isEmpty();
    }

    @Test
    void everyDashboardQueryReturnsData() {
        List<Dashboards.Query> queries = Dashboards.queries();
        assertThat(queries).hasSizeGreaterThan(30);
        Map<Dashboards.Query, String> failing = new LinkedHashMap<>();
        Instant deadline = Instant.now().plus(WAIT);
        List<Dashboards.Query> pending = new ArrayList<>(queries);
        while (!pending.isEmpty()) {
            failing.clear();
            for (Dashboards.Query q : pending) {
                String promql = Dashboards.substitute(q.expr(), variables);
                LivePrometheus.Answer a = prometheus.query(promql);
                if (!a.status().equals("success")) {
                    failing.put(q, "error: " + a.error() + " in " + promql);
                } else if (!a.hasSeries()) {
                    failing.put(q, "no series for " + promql);
                } else if (a.allNaN()) {
                    failing.put(q, "only NaN for " + promql);
                }
            }
            // An error is in the query itself; waiting will not fix it.
            if (failing.values().stream().anyMatch(f -> f.startsWith("error")) || Instant.now().isAfter(deadline)) {
                break;
            }
            pending = new ArrayList<>(failing.keySet());
            if (!pending.isEmpty()) {
                LivePrometheus.sleep(2_000);
            }
        }
        assertThat(failing).as("dashboard queries without data").isEmpty();
    }

    @Test
    void everyTemplateVariableFindsValues() {
        for (Dashboards.LabelValues v : Dashboards.variableQueries()) {
            String promql = "count by (" + v.label() + ") (" + Dashboards.substitute(v.selector(), variables) + ")";

            assertThat(prometheus.query(promql).hasSeries()).as(v.dashboard() + " $" + v.variable() + ": " + promql).isTrue();
        }
    }

    @Test
    void everyAlertRuleEvaluatesCleanly() {
        await("every rule evaluated once", () -> rules().stream().noneMatch(r -> r.path("health").asText().equals("unknown")));

        for (JsonNode rule : rules()) {
            assertThat(rule.path("health").asText()).as(rule.path("name").asText() + ": " + rule.path("lastError").asText())
                    .isEqualTo("ok");
        }
        assertThat(rules()).hasSizeGreaterThanOrEqualTo(7);
    }

    @Test
    void reloadsAreCountedAndARejectedPackFiresItsAlert() throws IOException {
        String before = service.rulesVersion();
        Files.writeString(rules.resolve("parameters.properties"), "\n# edited by LivePrometheusTest\n",
                StandardOpenOption.APPEND);
        await("a successful reload scraped", () -> prometheus.value(
                "riskgate_rule_pack_reloads_total{result=\"success\"}") >= 1);
        String after = service.rulesVersion();
        assertThat(after).isNotEqualTo(before);
        await("the new pack version scraped", () -> prometheus.query(
                "riskgate_rule_pack_info{version=\"" + after + "\"}").hasSeries());

        Files.writeString(rules.resolve("zz-broken.drl"), "package rules; rule \"broken\" when then this is not DRL end\n");
        await("RiskgateRulePackRejected firing", () -> prometheus.query(
                "ALERTS{alertname=\"RiskgateRulePackRejected\", alertstate=\"firing\"}").hasSeries());
    }

    @Test
    void liveScrapePassesPromtoolCheckMetrics() {
        await("decisions scored", () -> traffic.decisions().size() == 3);
        String scrape = new RiskgateClient(service.port()).get("/metrics").body();

        PrometheusTools.Run run = PrometheusTools.promtool(work, scrape, "check", "metrics");

        assertThat(run.output()).as("promtool check metrics output").isEmpty();
        assertThat(run.exitCode()).isZero();
        assertThat(scrape).contains("vertx_http_server_requests_total{", "jvm_memory_used_bytes{",
                "riskgate_state_operation_duration_seconds_bucket{", "riskgate_shadow_comparisons_total{");
        assertThat(scrape).as("route labels are templates, never event ids").contains("route=\"/v1/decisions/:eventId\"")
                .doesNotContainPattern("route=\"[^\"]*evt-");
    }

    private List<JsonNode> rules() {
        List<JsonNode> all = new ArrayList<>();
        for (JsonNode group : prometheus.get("/api/v1/rules").path("data").path("groups")) {
            group.path("rules").forEach(all::add);
        }
        return all;
    }

    private void await(String what, BooleanSupplier condition) {
        Instant deadline = Instant.now().plus(WAIT);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("no " + what + " within " + WAIT + "; traffic problems: "
                        + traffic.problems().stream().limit(5).toList() + "\nPrometheus log:\n" + prometheus.logTail());
            }
            LivePrometheus.sleep(500);
        }
    }

    private static Path copy(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (Stream<Path> files = Files.list(from)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                Files.copy(f, to.resolve(f.getFileName()));
            }
        }
        return to;
    }

    private static void setParameter(Path rulesDir, String name, String value) throws IOException {
        Path params = rulesDir.resolve("parameters.properties");
        String text = Files.readString(params).replaceAll("(?m)^" + java.util.regex.Pattern.quote(name) + "\\s*=.*$",
                name + " = " + value);
        if (!text.contains(name + " = " + value)) {
            throw new IllegalStateException(name + " not found in " + params);
        }
        Files.writeString(params, text);
    }
}
