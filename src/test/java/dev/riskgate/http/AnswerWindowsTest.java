package dev.riskgate.http;

import static dev.riskgate.http.ScoreBodies.charge;
import static dev.riskgate.http.ScoreBodies.item;
import static dev.riskgate.http.ScoreBodies.purchase;
import static dev.riskgate.http.ScoreBodies.unique;
import static org.assertj.core.api.Assertions.assertThat;

import dev.riskgate.http.RiskgateClient.Answer;
import dev.riskgate.state.AnswerWindows;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What a gateway gets for an event across the two windows (RISKGATE_IDEMPOTENCY_WINDOW, here 3 s, and
 * RISKGATE_FEEDBACK_WINDOW): the same bytes on every retry inside the first; after it, 410
 * {@code answer_expired} with the verdict for a retry and a lookup, 409 for another body under the same
 * id, and feedback still accepted.
 */
class AnswerWindowsTest {

    private static final Duration IDEMPOTENCY = Duration.ofSeconds(3);

    @RegisterExtension
    static final RunningRiskgate riskgate = RunningRiskgate.with(
            c -> c.withAnswerWindows(new AnswerWindows(IDEMPOTENCY, Duration.ofDays(1))));

    @Test
    void aRetryInsideTheWindowGetsTheAnswerByteForByte() {
        JsonObject event = purchase(unique("acct"), unique("dev"), item("tobacco", 10, 6000));
        Answer first = riskgate.client().score(event);
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.json().getJsonArray("reasons")).as("an answer with reasons").isNotEmpty();

        Answer retried = riskgate.client().score(event);
        Answer looked = riskgate.client().decision(event.getString("eventId"));

        assertThat(retried.status()).isEqualTo(200);
        assertThat(retried.body()).isEqualTo(first.body());
        assertThat(looked.body()).isEqualTo(first.body());
    }

    @Test
    void pastTheWindowARetryAndALookupAnswer410WithTheVerdictAndFeedbackStillLands() throws Exception {
        JsonObject event = charge(unique("acct"), unique("dev"), 1000);
        String eventId = event.getString("eventId");
        Answer first = riskgate.client().score(event);
        assertThat(first.status()).isEqualTo(200);

        Thread.sleep(IDEMPOTENCY.plusMillis(500).toMillis());
        Answer retried = riskgate.client().score(event);
        Answer looked = riskgate.client().decision(eventId);
        Answer reused = riskgate.client().score(event.copy().put("amount", 2000));
        Answer fraud = riskgate.client().feedback(eventId, "FRAUD");

        assertThat(retried.status()).isEqualTo(410);
        assertThat(retried.json().getString("code")).isEqualTo("answer_expired");
        assertThat(retried.json().getString("eventId")).isEqualTo(eventId);
        assertThat(retried.json().getString("decision")).isEqualTo(first.json().getString("decision"));
        assertThat(Instant.parse(retried.json().getString("decidedAt"))).isBefore(Instant.now().minus(IDEMPOTENCY));
        assertThat(retried.json().getString("error")).contains("idempotency window", "feedback still reaches it");
        assertThat(looked.status()).isEqualTo(410);
        assertThat(looked.body()).isEqualTo(retried.body());
        assertThat(reused.status()).as("another body under the same id is still a conflict").isEqualTo(409);
        assertThat(fraud.status()).isEqualTo(200);
        assertThat(fraud.json().getBoolean("changed")).isTrue();
        assertThat(riskgate.client().feedback(eventId, "FRAUD").json().getBoolean("changed")).isFalse();
        assertThat(riskgate.client().score(event).status()).as("never decided again").isEqualTo(410);
    }
}
