package dev.riskgate.http.console;

import static dev.riskgate.http.ScoreBodies.unique;
import static org.assertj.core.api.Assertions.assertThat;

import dev.riskgate.http.RiskgateClient;
import dev.riskgate.http.RiskgateClient.Answer;
import dev.riskgate.http.RunningRiskgate;
import dev.riskgate.http.ScoreBodies;
import dev.riskgate.http.TestKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** RISKGATE_CONSOLE=off: an instance that only serves gateways keeps no index and says the console is off. */
class ConsoleOffTest {

    @RegisterExtension
    static final RunningRiskgate riskgate = RunningRiskgate.withAccess(TestKeys.withAnalyst(), c -> c.withConsole(false));

    @Test
    void scoresWithoutAnIndexAndTheConsoleSaysItIsOff() {
        Answer scored = riskgate.client().score(ScoreBodies.charge(unique("acct"), unique("dev"), 1_000));
        Answer console = RiskgateClient.withAuthorization(riskgate.service().port(), "Bearer " + TestKeys.ADMIN)
                .get("/console/decisions");
        Answer feedback = riskgate.client().feedback(scored.json().getString("eventId"), "LEGIT");

        assertThat(scored.status()).isEqualTo(200);
        assertThat(feedback.status()).isEqualTo(200);
        assertThat(console.status()).isEqualTo(404);
        assertThat(console.json().getString("code")).isEqualTo("console_off");
        assertThat(riskgate.dataDir().resolve("console")).doesNotExist();
        assertThat(riskgate.dataDir().resolve("decisions")).isNotEmptyDirectory();
        assertThat(riskgate.client().get("/metrics").body()).doesNotContain("riskgate_console_index");
    }
}
