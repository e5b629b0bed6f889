package dev.riskgate.http;

import static dev.riskgate.http.ScoreBodies.charge;
import static dev.riskgate.http.ScoreBodies.reasonMessage;
import static dev.riskgate.http.ScoreBodies.unique;
import static dev.riskgate.http.ShippedRules.CHARGE_VELOCITY;
import static dev.riskgate.http.ShippedRules.DEVICE_VELOCITY;
import static org.assertj.core.api.Assertions.assertThat;

import dev.riskgate.http.RiskgateClient.Answer;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Many requests for one account at once: each is recorded exactly once, none is lost or doubled. */
class ConcurrentScoringTest {

    @RegisterExtension
    static final RunningRiskgate riskgate = new RunningRiskgate();

    private final RiskgateClient client = riskgate.client();

    @Test
    void concurrentEventsOnOneAccountAreAllRecorded() {
        String account = unique("acct");
        String device = unique("dev");
        String earlier = Instant.now().minusSeconds(60).toString();
        List<JsonObject> bodies = IntStream.range(0, 40)
                .mapToObj(i -> charge(account, device, 1000).put("occurredAt", earlier)).toList();

        List<Answer> answers = answeredAll(bodies);

        assertThat(answers).allSatisfy(a -> assertThat(a.status()).as(a.body()).isEqualTo(200));
        assertThat(answers).extracting(a -> a.json().getString("eventId"))
                .containsExactlyInAnyOrderElementsOf(bodies.stream().map(b -> b.getString("eventId")).toList());
        JsonObject next = client.score(charge(account, device, 1000)).json();
        assertThat(reasonMessage(next, CHARGE_VELOCITY)).startsWith("40 earlier charges");
        assertThat(reasonMessage(next, DEVICE_VELOCITY)).startsWith("40 earlier attempts");
    }

    @Test
    void concurrentRetriesOfOneEventAreDecidedOnce() {
        String account = unique("acct");
        String device = unique("dev");
        JsonObject body = charge(account, device, 1000).put("occurredAt", Instant.now().minusSeconds(60).toString());

        List<Answer> answers = answeredAll(IntStream.range(0, 10).mapToObj(i -> body).toList());

        assertThat(answers).allSatisfy(a -> assertThat(a.status()).as(a.body()).isEqualTo(200));
        assertThat(answers).extracting(Answer::json).containsOnly(answers.get(0).json());
        client.score(charge(account, device, 1000));
        client.score(charge(account, device, 1000));
        JsonObject next = client.score(charge(account, device, 1000)).json();
        assertThat(reasonMessage(next, CHARGE_VELOCITY))
                .as("the retried charge and two more came before")
                .startsWith("3 earlier charges");
    }

    /**
     * Sends every body at once, and again (same eventId) those shed with 503, as a gateway does, until
     * each has its answer: shedding may turn some away under load, never lose or double one.
     */
    private List<Answer> answeredAll(List<JsonObject> bodies) {
        List<Answer> answers = all(bodies.stream().map(client::scoreAsync).toList());
        for (int round = 0; round < 100 && answers.stream().anyMatch(a -> a.status() == 503); round++) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            List<Answer> before = answers;
            answers = all(IntStream.range(0, bodies.size())
                    .mapToObj(i -> before.get(i).status() == 503 ? client.scoreAsync(bodies.get(i))
                            : CompletableFuture.completedFuture(before.get(i)))
                    .toList());
        }
        return answers;
    }

    private static List<Answer> all(List<CompletableFuture<Answer>> pending) {
        CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).join();
        return pending.stream().map(CompletableFuture::join).toList();
    }
}
