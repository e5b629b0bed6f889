package dev.riskgate.state.redis;

import static dev.riskgate.http.ScoreBodies.charge;
import static dev.riskgate.http.ScoreBodies.reasonMessage;
import static dev.riskgate.http.ScoreBodies.unique;
import static dev.riskgate.http.ShippedRules.CHARGE_VELOCITY;
import static org.assertj.core.api.Assertions.assertThat;

import dev.riskgate.http.RiskgateClient.Answer;
import dev.riskgate.http.RunningRiskgate;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A real riskgate service given {@code RISKGATE_REDIS_URL=redis-cluster://...}: history in a three-master Cluster. */
class ServiceOnRedisClusterTest {

    @RegisterExtension
    @Order(1)
    static final Cluster cluster = new Cluster();

    @RegisterExtension
    @Order(2)
    static final RunningRiskgate riskgate = RunningRiskgate.with(c -> c.withRedisUrl(cluster.cluster.url()));

    @Test
    void scoresRetriesAndLooksUpThroughTheCluster() {
        JsonObject body = charge(unique("acct"), unique("dev"), 1000);
        String eventId = body.getString("eventId");

        Answer first = riskgate.client().score(body);
        Answer retry = riskgate.client().score(body);
        Answer lookup = riskgate.client().decision(eventId);

        assertThat(first.status()).as(first.body()).isEqualTo(200);
        assertThat(retry.json()).isEqualTo(first.json());
        assertThat(lookup.status()).isEqualTo(200);
        String eventKey = RedisStateStore.DEFAULT_PREFIX + "e:" + eventId;
        String accountKey = RedisStateStore.DEFAULT_PREFIX + "a:" + body.getString("accountId");
        assertThat(cli(eventKey)).as("the record, on the master owning its slot").isEqualTo("1");
        assertThat(cli(accountKey)).as("the account's history, on the master owning its slot").isEqualTo("1");
    }

    @Test
    void chargesCountTowardsOneVelocityWhereverTheirKeysLive() {
        String account = unique("acct");
        String device = unique("dev");
        for (int i = 0; i < 3; i++) {
            assertThat(riskgate.client().score(charge(account, device, 1000)).status()).isEqualTo(200);
        }

        JsonObject fourth = riskgate.client().score(charge(account, device, 1000)).json();

        assertThat(reasonMessage(fourth, CHARGE_VELOCITY)).startsWith("3 earlier charges");
    }

    private static String cli(String key) {
        try {
            return RedisCluster.cli(cluster.cluster.portOf(key), "EXISTS", key);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A Redis Cluster for the class, made before the service and stopped after it. */
    static final class Cluster implements BeforeAllCallback, AfterAllCallback {
        RedisCluster cluster;
        private Path dir;

        @Override
        public void beforeAll(ExtensionContext context) throws Exception {
            dir = Files.createTempDirectory("riskgate-redis-cluster-");
            cluster = RedisCluster.start(dir);
        }

        @Override
        public void afterAll(ExtensionContext context) throws Exception {
            cluster.close();
            Files.deleteIfExists(dir);
        }
    }
}
