package dev.riskgate.http;

import static dev.riskgate.http.ScoreBodies.charge;
import static dev.riskgate.http.ScoreBodies.unique;
import static org.assertj.core.api.Assertions.assertThat;

import dev.riskgate.Service;
import dev.riskgate.TestPaths;
import dev.riskgate.config.Config;
import dev.riskgate.http.RiskgateClient.Answer;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15: {@code /health} says DEGRADED while the embedded store's journal cannot be written, and UP once
 * a write goes through again. The disk is really full: the data directory is on a 4 MB tmpfs this test
 * mounts (so the suite runs as root, as scripts/test.sh does) and fills with a file.
 */
class FullDiskHealthTest {

    private static final String FILLER = "filler";

    @TempDir
    static Path dir;
    private static Path disk;
    private static Service service;
    private static RiskgateClient client;

    @BeforeAll
    static void startOnASmallDisk() throws Exception {
        disk = Files.createDirectory(dir.resolve("disk"));
        Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", disk.toString())
                .redirectErrorStream(true).start();
        String said = new String(mount.getInputStream().readAllBytes());
        assertThat(mount.waitFor()).as("this test mounts a tmpfs, so it runs as root (as scripts/test.sh does): "
                + said).isZero();
        service = Service.start(RunningRiskgate.patient(new Config(0, disk.resolve("data"), TestPaths.rules(),
                "127.0.0.1", null, TestKeys.access(), Config.DEFAULT_LOG_MAX_BYTES)));
        client = new RiskgateClient(service.port());
    }

    @AfterAll
    static void stopAndUnmount() throws Exception {
        try {
            Files.deleteIfExists(disk.resolve(FILLER)); // a failed test leaves it: the stop writes a checkpoint
            if (service != null) {
                service.close();
            }
        } finally {
            // Lazily, so that a test that failed with files still open never leaves the mount behind.
            new ProcessBuilder("umount", "--lazy", disk.toString()).inheritIO().start().waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void healthIsDegradedWhileJournalWritesFailAndUpOnceOneGoesThrough() throws Exception {
        assertThat(client.get("/health").json().getString("status")).isEqualTo("UP");
        Path filler = disk.resolve(FILLER);
        fill(filler);

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

        Files.delete(filler);
        JsonObject body = charge(unique("acct"), unique("dev"), 1000);
        Answer decided = client.score(body);

        assertThat(decided.json().containsKey("degraded")).as(decided.body()).isFalse();
        assertThat(client.get("/health").json().getString("status")).isEqualTo("UP");
        assertThat(client.decision(body.getString("eventId")).status()).isEqualTo(200);
    }

    /** Writes {@code file} until the disk refuses another byte. */
    private static void fill(Path file) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            for (int chunk = 1 << 16; chunk > 0; chunk /= 2) {
                byte[] bytes = new byte[chunk];
                try {
                    while (true) {
                        out.write(bytes);
                    }
                } catch (IOException full) {
                    // this chunk no longer fits: try a smaller one
                }
            }
        }
    }
}
