package dev.riskgate.http;

import static dev.riskgate.http.ScoreBodies.charge;
import static dev.riskgate.http.ScoreBodies.reasonMessage;
import static dev.riskgate.http.ScoreBodies.unique;
import static dev.riskgate.http.ShippedRules.CHARGE_VELOCITY;
import static org.assertj.core.api.Assertions.assertThat;

import dev.riskgate.http.RiskgateClient.Answer;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A gateway retries with the same eventId; riskgate answers as before and counts the event once. */
class ScoreRetryTest {

    @RegisterExtension
    static final RunningRiskgate riskgate = new RunningRiskgate();

    private final RiskgateClient client = riskgate.client();

    @Test
    void retryOfSameEventGetsTheSameAnswer() {
        JsonObject body = charge(unique("acct"), unique("dev"), 1000);

        Answer first = client.score(body);
        Answer retry = client.score(body);

        assertThat(first.status()).isEqualTo(200);
        assertThat(retry.status()).isEqualTo(200);
        assertThat(retry.json()).isEqualTo(first.json());
    }

    @Test
    void retryOfSameEventChangesNothing() {
        String account = unique("acct");
        String device = unique("dev");
        for (int i = 0; i < 2; i++) {
            JsonObject body = charge(account, device, 1000);
            assertThat(client.score(body).status()).isEqualTo(200);
            assertThat(client.score(body).status()).isEqualTo(200);
        }
        assertThat(client.score(charge(account, device, 1000)).status()).isEqualTo(200);

        JsonObject fourth = client.score(charge(account, device, 1000)).json();

        assertThat(reasonMessage(fourth, CHARGE_VELOCITY))
                .as("three distinct charges came before, each of the first two sent twice")
                .startsWith("3 earlier charges");
    }

    @Test
    void retryWithReorderedFieldsAndEqualAmountIsStillARetry() {
        JsonObject body = charge(unique("acct"), unique("dev"), 1000);
        JsonObject first = client.score(body).json();
        List<String> names = new ArrayList<>(body.fieldNames());
        Collections.reverse(names);
        JsonObject same = new JsonObject();
        names.forEach(k -> same.put(k, body.getValue(k)));
        same.put("amount", 1000.0);

        Answer retry = client.score(same);

        assertThat(retry.status()).as(retry.body()).isEqualTo(200);
        assertThat(retry.json()).isEqualTo(first);
    }

    @Test
    void sameEventIdWithDifferentBodyIsAConflict() {
        JsonObject body = charge(unique("acct"), unique("dev"), 1000);
        JsonObject first = client.score(body).json();

        Answer reused = client.score(body.copy().put("amount", 2000));

        assertThat(reused.status()).as(reused.body()).isEqualTo(409);
        assertThat(reused.json().getString("field")).isEqualTo("eventId");
        assertThat(reused.json().getString("error")).isNotBlank();
        assertThat(client.decision(body.getString("eventId")).json()).isEqualTo(first);
    }

    @Test
    void storedDecisionIsTheScoreAnswer() {
        JsonObject body = charge(unique("acct"), unique("dev"), 1000);
        Answer scored = client.score(body);

        Answer stored = client.decision(body.getString("eventId"));

        assertThat(stored.status()).isEqualTo(200);
        assertThat(stored.contentType()).startsWith("application/json");
        assertThat(stored.json()).isEqualTo(scored.json());
    }

    @Test
    void unknownDecisionIsNotFound() {
        Answer answer = client.decision(unique("never-scored"));

        assertThat(answer.status()).isEqualTo(404);
        assertThat(answer.json().getString("error")).isNotBlank();
        assertThat(answer.json().getString("field")).isEqualTo("eventId");
    }

    @Test
    void retryWithTheSameMomentInAnotherOffsetIsStillARetry() {
        java.time.Instant moment = java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        JsonObject body = charge(unique("acct"), unique("dev"), 1000)
                .put("occurredAt", moment.atOffset(java.time.ZoneOffset.ofHours(9)).toString());

        Answer first = client.score(body);
        Answer again = client.score(body.copy().put("occurredAt", moment.atOffset(java.time.ZoneOffset.UTC).toString()));

        assertThat(first.status()).isEqualTo(200);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json()).isEqualTo(first.json());
    }
}
