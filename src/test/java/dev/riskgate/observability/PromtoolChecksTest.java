package dev.riskgate.observability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.riskgate.TestPaths;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The shipped Prometheus files pass promtool's own checks. */
class PromtoolChecksTest {

    private static final Path PROMETHEUS_DIR = TestPaths.repo().resolve("prometheus");
    /** riskgate's alerts, and the recommended ones on Redis (read from redis_exporter). */
    private static final List<String> RULE_FILES = List.of("alerts.yml", "redis-alerts.yml");
    /**
     * Unit tests at the 1-minute grain, the outage timings at the shipped 15 s scrape and evaluation, and
     * the Redis alerts'.
     */
    private static final List<String> RULE_TESTS = List.of("alerts-test.yml", "alerts-outage-test.yml",
            "redis-alerts-test.yml");

    @Test
    void scrapeConfigIsValid() {
        PrometheusTools.Run run = PrometheusTools.promtool(PROMETHEUS_DIR, null, "check", "config", "prometheus.yml");

        assertThat(run.exitCode()).as(run.output()).isZero();
    }

    @Test
    void alertRulesAreValid() {
        for (String file : RULE_FILES) {
            PrometheusTools.Run run = PrometheusTools.promtool(PROMETHEUS_DIR, null, "check", "rules", file);

            assertThat(run.exitCode()).as(file + "\n" + run.output()).isZero();
        }
    }

    @Test
    void everyAlertPassesItsUnitTest() {
        for (String file : RULE_TESTS) {
            PrometheusTools.Run run = PrometheusTools.promtool(PROMETHEUS_DIR, null, "test", "rules", file);

            assertThat(run.exitCode()).as(file + "\n" + run.output()).isZero();
        }
    }

    @Test
    void everyAlertHasATestWhereItFires() throws IOException {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        Set<String> alerts = new TreeSet<>();
        for (String file : RULE_FILES) {
            for (JsonNode group : yaml.readTree(PROMETHEUS_DIR.resolve(file).toFile()).path("groups")) {
                group.path("rules").forEach(r -> {
                    if (r.has("alert")) {
                        alerts.add(r.path("alert").asText());
                    }
                });
            }
        }
        Set<String> firing = new TreeSet<>();
        for (String file : RULE_TESTS) {
            for (JsonNode test : yaml.readTree(PROMETHEUS_DIR.resolve(file).toFile()).path("tests")) {
                test.path("alert_rule_test").forEach(t -> {
                    if (!t.path("exp_alerts").isEmpty()) {
                        firing.add(t.path("alertname").asText());
                    }
                });
            }
        }

        assertThat(alerts).contains("RiskgateBlockRateSpike", "RiskgateStepUpPassRateCollapse",
                "RiskgateLatencyP99OverObjective", "RiskgateErrorRate", "RiskgateRulePackRejected",
                "RiskgateStateStoreErrors", "RiskgateDegradedAnswers", "RiskgateMostlyDegraded",
                "RiskgateFleetMostlyDegraded", "RiskgatePackVersionsDiffer", "RedisMemoryNearMax", "RedisAofWriteFailing",
                "RedisRejectingConnections", "RedisReplicationLag");
        assertThat(firing).isEqualTo(alerts);
    }
}
