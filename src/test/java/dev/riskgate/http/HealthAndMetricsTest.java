package dev.riskgate.http;

import static dev.riskgate.http.ScoreBodies.charge;
import static dev.riskgate.http.ScoreBodies.unique;
import static org.assertj.core.api.Assertions.assertThat;

import dev.riskgate.http.RiskgateClient.Answer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The endpoints ops watch: /health for the load balancer, /metrics for Prometheus. */
class HealthAndMetricsTest {

    @RegisterExtension
    static final RunningRiskgate riskgate = new RunningRiskgate();

    private final RiskgateClient client = riskgate.client();

    @Test
    void healthReportsUpWithRulesVersion() {
        Answer answer = client.get("/health");

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json().getString("status")).isEqualTo("UP");
        assertThat(answer.json().getString("rulesVersion")).isEqualTo(riskgate.service().rulesVersion()).isNotBlank();
    }

    @Test
    void metricsExposeDecisionsAndLatency() {
        // Every series is registered at zero, so seeing one proves nothing: the counts must move.
        String before = client.get("/metrics").body();
        Answer scored = client.score(charge(unique("acct"), unique("dev"), 1000));
        assertThat(scored.status()).isEqualTo(200);
        String decision = scored.json().getString("decision").toLowerCase(java.util.Locale.ROOT);

        Answer answer = client.get("/metrics");

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.contentType()).startsWith("text/plain");
        String series = "riskgate_decisions_total{decision=\"" + decision + "\",type=\"charge\"}";
        assertThat(value(answer.body(), series)).as(series).isEqualTo(value(before, series) + 1);
        assertThat(value(answer.body(), "riskgate_scoring_duration_seconds_count"))
                .isEqualTo(value(before, "riskgate_scoring_duration_seconds_count") + 1);
        assertThat(value(answer.body(), "riskgate_scoring_duration_seconds_bucket{le=\"+Inf\"}"))
                .isEqualTo(value(before, "riskgate_scoring_duration_seconds_bucket{le=\"+Inf\"}") + 1);
    }

    /** The sample of one series in a scrape (0 when absent). Tests in this class run one at a time. */
    private static double value(String scrape, String series) {
        return scrape.lines().filter(l -> l.startsWith(series + " "))
                .mapToDouble(l -> Double.parseDouble(l.substring(series.length() + 1).trim()))
                .findFirst().orElse(0);
    }

    @Test
    void unknownEndpointIsNotFound() {
        Answer answer = client.get("/v1/nothing-here");

        assertThat(answer.status()).isEqualTo(404);
        assertThat(answer.json().getString("error")).isNotBlank();
    }

    @Test
    void knownEndpointWithAnotherMethodIsNotAllowed() {
        Answer answer = client.get("/v1/score");

        assertThat(answer.status()).isEqualTo(405);
        assertThat(answer.json().getString("code")).isEqualTo("method_not_allowed");
    }
}
