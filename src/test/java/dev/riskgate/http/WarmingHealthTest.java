package dev.riskgate.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.riskgate.Service;
import dev.riskgate.TestPaths;
import dev.riskgate.config.Config;
import dev.riskgate.http.RiskgateClient.Answer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A fresh instance keeps a load balancer away (503 WARMING) until its state store has answered. */
class WarmingHealthTest {

    @TempDir
    Path data;

    @Test
    void staysWarmingUntilTheStoreAnswersThenSaysUp() throws Exception {
        SlowStateStore store = new SlowStateStore();
        store.down(true);
        Config config = new Config(0, data, TestPaths.rules(), "127.0.0.1", null, TestKeys.access(),
                Config.DEFAULT_LOG_MAX_BYTES);
        try (Service service = Service.start(config, store::around)) {
            RiskgateClient client = new RiskgateClient(service.port());

            // The pack's synthetic decisions take a moment; the unreachable store holds it WARMING after them.
            Instant until = Instant.now().plusSeconds(3);
            while (Instant.now().isBefore(until)) {
                Answer health = client.get("/health");
                assertThat(health.status()).as(health.body()).isEqualTo(503);
                assertThat(health.json().getString("status")).isEqualTo("WARMING");
                assertThat(health.json().getString("rulesVersion")).isEqualTo(service.rulesVersion());
                Thread.sleep(100);
            }
            assertThat(service.awaitWarm(Duration.ZERO)).isFalse();

            store.down(false);

            assertThat(service.awaitWarm(Duration.ofSeconds(30))).as("warm once the store answers").isTrue();
            Answer up = client.get("/health");
            assertThat(up.status()).as(up.body()).isEqualTo(200);
            assertThat(up.json().getString("status")).isEqualTo("UP");
        }
    }
}
