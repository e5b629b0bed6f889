package dev.riskgate.observability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.riskgate.Service;
import dev.riskgate.TestPaths;
import dev.riskgate.config.Config;
import dev.riskgate.http.RunningRiskgate;
import dev.riskgate.http.TestKeys;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * On a fresh deployment, before the first bad request or shadow disagreement, the panels for them show
 * 0 rather than "No data": their series are exported at zero and the queries keep a zero a zero.
 */
@Timeout(value = 3, unit = java.util.concurrent.TimeUnit.MINUTES)
class FreshDeploymentPanelsTest {

    private static final Set<String> PANELS = Set.of("Bad requests by reason", "Shadow disagreement");

    @Test
    void panelsForRareEventsShowZeroBeforeTheFirstOne(@TempDir Path work) throws Exception {
        PrometheusTools.require("prometheus");
        List<Dashboards.Query> queries = Dashboards.queries().stream().filter(q -> PANELS.contains(q.panel())).toList();
        assertThat(queries.stream().map(Dashboards.Query::panel).distinct()).containsExactlyInAnyOrderElementsOf(PANELS);
        // Prometheus scrapes the keyless metrics port, as in LivePrometheusTest.
        try (Service service = RunningRiskgate.warm(Service.start(RunningRiskgate.patient(new Config(0,
                work.resolve("data"), TestPaths.rules(), "127.0.0.1", TestPaths.rules(),
                TestKeys.access().withMetricsPort(0), Config.DEFAULT_LOG_MAX_BYTES))))) {
            String target = "127.0.0.1:" + service.metricsPort();
            try (LivePrometheus prometheus = LivePrometheus.start(work.resolve("prometheus"), target)) {
                Map<String, String> variables = Map.of("datasource", "prometheus", "job", LivePrometheus.JOB,
                        "instance", target, "__rate_interval", "10s", "__interval", "1s", "__range", "5m");
                Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
                // Enough scrapes for a rate over the 10 s window.
                while (!(prometheus.value("count_over_time(up{job=\"" + LivePrometheus.JOB + "\"}[1m])") >= 5
                        && prometheus.value("up{job=\"" + LivePrometheus.JOB + "\"}") == 1)) {
                    assertThat(Instant.now()).as("five scrapes within a minute").isBefore(deadline);
                    LivePrometheus.sleep(1_000);
                }
                for (Dashboards.Query q : queries) {
                    String promql = Dashboards.substitute(q.expr(), variables);
                    LivePrometheus.Answer a = prometheus.query(promql);
                    assertThat(a.status()).as(promql).isEqualTo("success");
                    assertThat(a.hasSeries()).as("a series for " + q).isTrue();
                    assertThat(a.allNaN()).as("a number for " + q).isFalse();
                }
            }
        }
    }
}
