package dev.riskgate.http;

import static dev.riskgate.http.ScoreBodies.charge;
import static dev.riskgate.http.ScoreBodies.unique;
import static org.assertj.core.api.Assertions.assertThat;

import dev.riskgate.Service;
import dev.riskgate.SmallDisk;
import dev.riskgate.TestPaths;
import dev.riskgate.config.Config;
import dev.riskgate.http.RiskgateClient.Answer;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15: {@code /health} says DEGRADED while the embedded store's journal cannot be written, and UP once
 * a write goes through again. The disk is really full: the data directory is on a {@link SmallDisk}.
 */
class FullDiskHealthTest {

    @TempDir
    static Path dir;
    private static SmallDisk disk;
    private static Service service;
    private static RiskgateClient client;

    @BeforeAll
    static void startOnASmallDisk() throws Exception {
        disk = SmallDisk.mount(dir.resolve("disk"), "4m");
        service = RunningRiskgate.warm(Service.start(RunningRiskgate.patient(new Config(0, disk.root().resolve("data"),
                TestPaths.rules(), "127.0.0.1", null, TestKeys.access(), Config.DEFAULT_LOG_MAX_BYTES))));
        client = new RiskgateClient(service.port());
    }

    @AfterAll
    static void stopAndUnmount() throws Exception {
        try {
            disk.free(); // a failed test leaves the disk full: the stop writes a checkpoint
            if (service != null) {
                service.close();
            }
        } finally {
            disk.close();
        }
    }

    @Test
    void healthIsDegradedWhileJournalWritesFailAndUpOnceOneGoesThrough() throws Exception {
        assertThat(client.get("/health").json().getString("status")).isEqualTo("UP");
        disk.fill();

        // The segment's last page may still hold a frame or two; the next commits find the disk full.
        Answer refused = null;
        for (int i = 0; i < 100 && refused == null; i++) {
            Answer answer = client.score(charge(unique("acct"), unique("dev"), 1000));
            assertThat(answer.status()).as(answer.body()).isEqualTo(200);
            refused = answer.json().getBoolean("degraded", false) ? answer : null;
        }
        assertThat(refused).as("a commit on the full disk is answered with the fail decision").isNotNull();
        assertThat(refused.json().getString("degradedReason")).isEqualTo("store_unavailable");
        JsonObject health = client.get("/health").json();
        assertThat(health.getString("status")).isEqualTo("DEGRADED");
        assertThat(health.getString("degradedReason")).isEqualTo("store_unavailable");
        assertThat(health.getString("error")).contains("journal").contains("No space left on device");

        disk.free();
        JsonObject body = charge(unique("acct"), unique("dev"), 1000);
        Answer decided = client.score(body);

        assertThat(decided.json().containsKey("degraded")).as(decided.body()).isFalse();
        assertThat(client.get("/health").json().getString("status")).isEqualTo("UP");
        assertThat(client.decision(body.getString("eventId")).status()).isEqualTo(200);
    }

}
