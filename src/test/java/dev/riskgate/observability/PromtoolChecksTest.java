package dev.riskgate.observability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.riskgate.TestPaths;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The shipped Prometheus files pass promtool's own checks. */
class PromtoolChecksTest {

    private static final Path PROMETHEUS_DIR = TestPaths.repo().resolve("prometheus");

    @Test
    void scrapeConfigIsValid() {
        PrometheusTools.Run run = PrometheusTools.promtool(PROMETHEUS_DIR, null, "check", "config", "prometheus.yml");

        assertThat(run.exitCode()).as(run.output()).isZero();
    }

    @Test
    void alertRulesAreValid() {
        PrometheusTools.Run run = PrometheusTools.promtool(PROMETHEUS_DIR, null, "check", "rules", "alerts.yml");

        assertThat(run.exitCode()).as(run.output()).isZero();
    }

    @Test
    void everyAlertPassesItsUnitTest() {
        PrometheusTools.Run run = PrometheusTools.promtool(PROMETHEUS_DIR, null, "test", "rules", "alerts-test.yml");

        assertThat(run.exitCode()).as(run.output()).isZero();
    }

    @Test
    void everyAlertHasATestWhereItFires() throws IOException {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        Set<String> alerts = new TreeSet<>();
        for (JsonNode group : yaml.readTree(PROMETHEUS_DIR.resolve("alerts.yml").toFile()).path("groups")) {
            group.path("rules").forEach(r -> {
                if (r.has("alert")) {
                    alerts.add(r.path("alert").asText());
                }
            });
        }
        Set<String> firing = new TreeSet<>();
        for (JsonNode test : yaml.readTree(PROMETHEUS_DIR.resolve("alerts-test.yml").toFile()).path("tests")) {
            test.path("alert_rule_test").forEach(t -> {
                if (!t.path("exp_alerts").isEmpty()) {
                    firing.add(t.path("alertname").asText());
                }
            });
        }

        assertThat(alerts).contains("RiskgateBlockRateSpike", "RiskgateStepUpPassRateCollapse",
                "RiskgateLatencyP99OverObjective", "RiskgateErrorRate", "RiskgateRulePackRejected",
                "RiskgateStateStoreErrors", "RiskgateDegradedAnswers");
        assertThat(firing).isEqualTo(alerts);
    }
}
