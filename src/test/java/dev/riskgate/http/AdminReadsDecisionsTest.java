package dev.riskgate.http;

import static dev.riskgate.http.ScoreBodies.charge;
import static dev.riskgate.http.ScoreBodies.unique;
import static org.assertj.core.api.Assertions.assertThat;

import dev.riskgate.http.RiskgateClient.Answer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** An analyst's admin key reads a stored decision; it still cannot score or send feedback. */
class AdminReadsDecisionsTest {

    @RegisterExtension
    static final RunningRiskgate riskgate = new RunningRiskgate();

    @Test
    void adminKeyReadsTheStoredAnswer() {
        Answer scored = riskgate.client().score(charge(unique("acct"), unique("dev"), 1000));
        assertThat(scored.status()).as(scored.body()).isEqualTo(200);
        String eventId = scored.json().getString("eventId");

        Answer read = adminClient().decision(eventId);

        assertThat(read.status()).as(read.body()).isEqualTo(200);
        assertThat(read.json()).isEqualTo(scored.json());
    }

    @Test
    void adminKeyStillCannotScoreOrSendFeedback() {
        Answer scored = riskgate.client().score(charge(unique("acct"), unique("dev"), 1000));
        String eventId = scored.json().getString("eventId");

        Answer score = adminClient().score(charge(unique("acct"), unique("dev"), 1000));
        Answer feedback = adminClient().feedback(eventId, "LEGIT");

        assertThat(score.status()).as(score.body()).isEqualTo(403);
        assertThat(feedback.status()).as(feedback.body()).isEqualTo(403);
        assertThat(score.json().getString("error")).contains("RISKGATE_API_KEYS");
    }

    private static RiskgateClient adminClient() {
        return RiskgateClient.withAuthorization(riskgate.service().port(), "Bearer " + TestKeys.ADMIN);
    }
}
