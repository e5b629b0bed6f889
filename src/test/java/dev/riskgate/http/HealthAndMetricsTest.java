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
        assertThat(client.score(charge(unique("acct"), unique("dev"), 1000)).status()).isEqualTo(200);

        Answer answer = client.get("/metrics");

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.contentType()).startsWith("text/plain");
        assertThat(answer.body())
                .contains("riskgate_decisions_total{")
                .contains("riskgate_scoring_duration_seconds_bucket{");
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
