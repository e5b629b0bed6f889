package dev.riskgate.http;

import static dev.riskgate.http.ScoreBodies.charge;
import static dev.riskgate.http.ScoreBodies.unique;
import static org.assertj.core.api.Assertions.assertThat;

import dev.riskgate.Service;
import dev.riskgate.TestPaths;
import dev.riskgate.config.Config;
import dev.riskgate.http.RiskgateClient.Answer;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * RISKGATE_ADMIN_TOKEN, the single admin token of earlier versions, still works as one more admin key:
 * rule administration needs it, scoring needs the API key and not it.
 */
class AdminTokenTest {

    private static Service service;

    @BeforeAll
    static void start(@TempDir Path dataDir) throws Exception {
        service = RunningRiskgate.warm(Service.start(Config.from(Map.of("RISKGATE_PORT", "0", "RISKGATE_HOST", "127.0.0.1",
                "RISKGATE_DATA_DIR", dataDir.toString(), "RISKGATE_RULES_DIR", TestPaths.rules().toString(),
                "RISKGATE_API_KEYS", TestKeys.API, "RISKGATE_ADMIN_TOKEN", "s3cret",
                "RISKGATE_DEADLINE_MS", Long.toString(RunningRiskgate.PATIENT.deadline().toMillis())))));
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    @Test
    void adminCallsWithoutTheTokenAreRefused() {
        Answer none = as(null).get("/admin/rules");
        Answer wrong = as("Bearer guess").get("/admin/rules");

        assertThat(none.status()).isEqualTo(401);
        assertThat(none.json().getString("code")).isEqualTo("unauthorized");
        assertThat(wrong.status()).isEqualTo(401);
    }

    @Test
    void adminCallsWithTheTokenAreServed() {
        Answer ok = as("Bearer s3cret").get("/admin/rules");

        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.json().getJsonObject("active").getString("version")).isEqualTo(service.rulesVersion());
    }

    @Test
    void scoringNeedsNoAdminToken() {
        Answer scored = as("Bearer " + TestKeys.API).score(charge(unique("acct"), unique("dev"), 1000));

        assertThat(scored.status()).as(scored.body()).isEqualTo(200);
        assertThat(scored.json().getString("decision")).isEqualTo("ALLOW");
        assertThat(as("Bearer s3cret").score(charge(unique("acct"), unique("dev"), 1000)).status())
                .as("the admin token is not a gateway key").isEqualTo(403);
    }

    private static RiskgateClient as(String authorization) {
        return RiskgateClient.withAuthorization(service.port(), authorization);
    }
}
