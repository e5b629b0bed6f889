package dev.riskgate;

import static dev.riskgate.http.ScoreBodies.charge;
import static dev.riskgate.http.ScoreBodies.firedRules;
import static dev.riskgate.http.ScoreBodies.unique;
import static dev.riskgate.http.ShippedRules.NEW_DEVICE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.riskgate.http.RiskgateClient.Answer;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An answered decision survives kill -9: the process restarted on the same data dir still knows it, and
 * damage to the journal stops the start rather than losing it quietly.
 */
class KillRestartTest {

    @TempDir
    Path dir;
    private final List<RiskgateProcess> children = new ArrayList<>();

    @AfterEach
    void killChildren() throws InterruptedException {
        for (RiskgateProcess c : children) {
            c.close();
        }
    }

    @Test
    void answeredDecisionSurvivesKill() throws Throwable {
        Path dataDir = dir.resolve("data");
        try {
            RiskgateProcess first = start(dataDir);
            String account = unique("acct");
            String device = unique("dev");
            JsonObject body = charge(account, device, 1000);
            Answer answered = first.client().score(body);
            assertThat(answered.status()).as(answered.body()).isEqualTo(200);
            assertThat(answered.json().getString("decision")).isEqualTo("ALLOW");

            first.process().destroyForcibly();
            assertThat(first.process().waitFor(10, TimeUnit.SECONDS)).as("killed child exited").isTrue();

            RiskgateProcess second = start(dataDir);
            Answer stored = second.client().decision(body.getString("eventId"));
            assertThat(stored.status()).as(stored.body()).isEqualTo(200);
            assertThat(stored.json()).isEqualTo(answered.json());
            Answer retried = second.client().score(body);
            assertThat(retried.status()).isEqualTo(200);
            assertThat(retried.json()).isEqualTo(answered.json());
            JsonObject next = second.client().score(charge(account, device, 1000)).json();
            assertThat(firedRules(next)).as("the allowed charge made the device trusted")
                    .noneMatch(rule -> rule.startsWith(NEW_DEVICE));
        } catch (Throwable t) {
            for (int i = 0; i < children.size(); i++) {
                System.err.println("---- riskgate child " + (i + 1) + " output ----\n" + children.get(i).output());
            }
            throw t;
        }
    }

    /** Issue 15's probe: one flipped byte mid-journal after kill -9 used to cost a third of what was acknowledged, quietly. */
    @Test
    void aFlippedByteAfterAKillRefusesTheStartAndRepairKeepsEveryIntactDecision() throws Throwable {
        Path dataDir = dir.resolve("data");
        try {
            RiskgateProcess first = start(dataDir);
            List<String> acknowledged = new ArrayList<>();
            for (int i = 0; i < 60; i++) {
                JsonObject body = charge(unique("acct"), unique("dev"), 1000);
                assertThat(first.client().score(body).status()).isEqualTo(200);
                acknowledged.add(body.getString("eventId"));
            }
            first.process().destroyForcibly();
            assertThat(first.process().waitFor(10, TimeUnit.SECONDS)).isTrue();
            Path segment;
            try (Stream<Path> files = Files.list(dataDir.resolve("journal"))) {
                segment = files.filter(p -> p.getFileName().toString().matches("segment-\\d+\\.log")).sorted()
                        .reduce((a, b) -> b).orElseThrow();
            }
            byte[] bytes = Files.readAllBytes(segment);
            bytes[bytes.length / 2] ^= 0x40;
            Files.write(segment, bytes);

            RiskgateProcess refused = launch(dataDir);
            assertThat(refused.awaitExit(Duration.ofSeconds(90))).as(refused.output()).isEqualTo(4);
            assertThat(refused.output()).contains(segment + " is damaged at byte ").contains("riskgate repair --data");

            Process repair = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), "dev.riskgate.Main", "repair", "--data", dataDir.toString())
                    .redirectErrorStream(true).start();
            String report = new String(repair.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(repair.waitFor()).as(report).isZero();
            // 60 acknowledged and the warm-up's own synthetic decisions, less the one the flipped byte hit
            assertThat(report).containsPattern("kept \\d+ commits, lost 1;");

            RiskgateProcess repaired = start(dataDir);
            List<String> missing = acknowledged.stream()
                    .filter(id -> repaired.client().decision(id).status() != 200).toList();
            assertThat(missing).as("the one decision the repair named as lost").hasSize(1);
            assertThat(report).contains(missing.get(0));
        } catch (Throwable t) {
            for (int i = 0; i < children.size(); i++) {
                System.err.println("---- riskgate child " + (i + 1) + " output ----\n" + children.get(i).output());
            }
            throw t;
        }
    }

    private RiskgateProcess launch(Path dataDir) throws IOException {
        Path log = dir.resolve("child-" + (children.size() + 1) + ".log");
        RiskgateProcess child = RiskgateProcess.launch(dir, log, Map.of("RISKGATE_DATA_DIR", dataDir.toString()));
        children.add(child);
        return child;
    }

    private RiskgateProcess start(Path dataDir) throws IOException, InterruptedException {
        RiskgateProcess child = launch(dataDir);
        child.awaitHealthy();
        return child;
    }
}
