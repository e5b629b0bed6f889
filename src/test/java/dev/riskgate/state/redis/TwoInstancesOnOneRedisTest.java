package dev.riskgate.state.redis;

import static dev.riskgate.http.ScoreBodies.charge;
import static dev.riskgate.http.ScoreBodies.reasonMessage;
import static dev.riskgate.http.ScoreBodies.unique;
import static dev.riskgate.http.ShippedRules.CHARGE_VELOCITY;
import static org.assertj.core.api.Assertions.assertThat;

import dev.riskgate.http.RiskgateClient;
import dev.riskgate.http.RiskgateClient.Answer;
import dev.riskgate.http.RunningRiskgate;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two real riskgate services, each with its own data directory, sharing history through one real
 * redis-server (RISKGATE_REDIS_URL): what one instance scored, the other remembers. The full
 * three-instance, step-for-step comparison of issue 9 is not this test.
 */
class TwoInstancesOnOneRedisTest {

    @RegisterExtension
    @Order(1)
    static final RedisServerExtension redis = new RedisServerExtension();

    @RegisterExtension
    @Order(2)
    static final RunningRiskgate a = RunningRiskgate.with(c -> c.withRedisUrl(redis.server.url()));

    @RegisterExtension
    @Order(3)
    static final RunningRiskgate b = RunningRiskgate.with(c -> c.withRedisUrl(redis.server.url()));

    @Test
    void aRetryLandingOnTheOtherInstanceGetsTheFirstAnswer() {
        JsonObject body = charge(unique("acct"), unique("dev"), 1000);

        Answer first = a.client().score(body);
        Answer retry = b.client().score(body);

        assertThat(first.status()).isEqualTo(200);
        assertThat(retry.status()).isEqualTo(200);
        assertThat(retry.json()).isEqualTo(first.json());
    }

    @Test
    void chargesScoredOnEitherInstanceCountTowardsOneVelocity() {
        String account = unique("acct");
        String device = unique("dev");
        RiskgateClient[] round = {a.client(), b.client(), a.client()};
        for (RiskgateClient client : round) {
            assertThat(client.score(charge(account, device, 1000)).status()).isEqualTo(200);
        }

        JsonObject fourth = b.client().score(charge(account, device, 1000)).json();

        assertThat(reasonMessage(fourth, CHARGE_VELOCITY)).startsWith("3 earlier charges");
    }

    @Test
    void anEventScoredOnOneInstanceIsLookedUpAndLabelledOnTheOther() {
        JsonObject body = charge(unique("acct"), unique("dev"), 1000);
        String eventId = body.getString("eventId");
        assertThat(a.client().score(body).status()).isEqualTo(200);

        Answer lookup = b.client().decision(eventId);
        Answer labelled = b.client().feedback(eventId, "FRAUD");
        Answer again = a.client().feedback(eventId, "FRAUD");

        assertThat(lookup.status()).as(lookup.body()).isEqualTo(200);
        assertThat(lookup.json().getString("eventId")).isEqualTo(eventId);
        assertThat(labelled.status()).as(labelled.body()).isEqualTo(200);
        assertThat(labelled.json().getBoolean("changed")).isTrue();
        assertThat(again.status()).as(again.body()).isEqualTo(200);
        assertThat(again.json().getBoolean("changed")).as("the label given on the other instance is seen").isFalse();
    }
}
