package dev.riskgate.state.redis;

import static dev.riskgate.http.ScoreBodies.charge;
import static dev.riskgate.http.ScoreBodies.item;
import static dev.riskgate.http.ScoreBodies.purchase;
import static dev.riskgate.http.ScoreBodies.unique;
import static org.assertj.core.api.Assertions.assertThat;

import dev.riskgate.Service;
import dev.riskgate.TestPaths;
import dev.riskgate.config.Config;
import dev.riskgate.config.DegradedMode;
import dev.riskgate.http.RiskgateClient;
import dev.riskgate.http.RiskgateClient.Answer;
import dev.riskgate.http.TestKeys;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16: a fresh instance on Redis answered its very first score request degraded
 * ({@code store_unavailable}, 175 ms) while /health already said UP. Now /health says WARMING until the
 * pack has decided synthetic events and Redis has answered, and once it says UP the instance's first 200
 * answers, with the default 100 ms deadline, are the rules' own.
 */
class WarmBeforeHealthyTest {

    private static final int FIRST = 200;

    @TempDir
    Path work;

    @Test
    void aFreshInstanceOnRedisAnswersItsFirst200RequestsWithoutADegradedOne() throws Exception {
        try (RedisServer redis = RedisServer.start(Files.createDirectories(work.resolve("redis")))) {
            Config config = new Config(0, work.resolve("data"), TestPaths.rules(), "127.0.0.1", null, TestKeys.access(),
                    Config.DEFAULT_LOG_MAX_BYTES).withRedisUrl(redis.url());
            assertThat(config.degradedMode()).isEqualTo(DegradedMode.defaults());
            try (Service service = Service.start(config)) {
                RiskgateClient client = new RiskgateClient(service.port());
                List<String> health = new ArrayList<>();
                Instant giveUp = Instant.now().plusSeconds(120);
                for (Answer a = client.get("/health"); a.status() != 200; a = client.get("/health")) {
                    health.add(a.status() + " " + a.json().getString("status"));
                    assertThat(Instant.now()).as("UP within 120 s").isBefore(giveUp);
                    Thread.sleep(10);
                }
                assertThat(health).as("WARMING before UP").isNotEmpty().allMatch(h -> h.equals("503 WARMING"));

                List<String> degraded = new ArrayList<>();
                for (int i = 0; i < FIRST; i++) {
                    JsonObject body = i % 4 == 0 ? charge(unique("acct"), unique("dev"), 3000)
                            : purchase(unique("acct"), unique("dev"), item(i % 3 == 0 ? "tobacco" : "food", 1, 700));
                    Answer answer = client.score(body);
                    assertThat(answer.status()).as(answer.body()).isEqualTo(200);
                    if (answer.json().containsKey("degraded")) {
                        degraded.add("request " + i + ": " + answer.body());
                    }
                }
                assertThat(degraded).as("degraded answers among the first " + FIRST).isEmpty();
            }
        }
    }
}
