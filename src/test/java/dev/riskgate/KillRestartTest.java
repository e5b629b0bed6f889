package dev.riskgate;

import static dev.riskgate.http.ScoreBodies.charge;
import static dev.riskgate.http.ScoreBodies.firedRules;
import static dev.riskgate.http.ScoreBodies.unique;
import static dev.riskgate.http.ShippedRules.NEW_DEVICE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.riskgate.http.RiskgateClient;
import dev.riskgate.http.RiskgateClient.Answer;
import dev.riskgate.http.RunningRiskgate;
import dev.riskgate.http.TestKeys;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An answered decision survives kill -9: the process restarted on the same data dir still knows it. */
class KillRestartTest {

    private static final Duration STARTUP = Duration.ofSeconds(60);

    @TempDir
    Path dir;
    private final List<Child> children = new ArrayList<>();

    @AfterEach
    void killChildren() throws InterruptedException {
        for (Child c : children) {
            c.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void answeredDecisionSurvivesKill() throws Throwable {
        Path dataDir = dir.resolve("data");
        try {
            Child first = start(dataDir);
            String account = unique("acct");
            String device = unique("dev");
            JsonObject body = charge(account, device, 1000);
            Answer answered = first.client.score(body);
            assertThat(answered.status()).as(answered.body()).isEqualTo(200);
            assertThat(answered.json().getString("decision")).isEqualTo("ALLOW");

            first.process.destroyForcibly();
            assertThat(first.process.waitFor(10, TimeUnit.SECONDS)).as("killed child exited").isTrue();

            Child second = start(dataDir);
            Answer stored = second.client.decision(body.getString("eventId"));
            assertThat(stored.status()).as(stored.body()).isEqualTo(200);
            assertThat(stored.json()).isEqualTo(answered.json());
            Answer retried = second.client.score(body);
            assertThat(retried.status()).isEqualTo(200);
            assertThat(retried.json()).isEqualTo(answered.json());
            JsonObject next = second.client.score(charge(account, device, 1000)).json();
            assertThat(firedRules(next)).as("the allowed charge made the device trusted")
                    .noneMatch(rule -> rule.startsWith(NEW_DEVICE));
        } catch (Throwable t) {
            for (Child c : children) {
                System.err.println("---- riskgate child output " + c.log + " ----\n" + Files.readString(c.log));
            }
            throw t;
        }
    }

    private record Child(Process process, RiskgateClient client, Path log) {
    }

    private Child start(Path dataDir) throws IOException, InterruptedException {
        int port = freePort();
        Path log = dir.resolve("child-" + (children.size() + 1) + ".log");
        ProcessBuilder pb = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                "dev.riskgate.Main", "serve")
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().put("RISKGATE_PORT", Integer.toString(port));
        pb.environment().put("RISKGATE_DATA_DIR", dataDir.toString());
        pb.environment().put("RISKGATE_RULES_DIR", TestPaths.rules().toString());
        pb.environment().put("RISKGATE_HOST", "127.0.0.1");
        pb.environment().put("RISKGATE_API_KEYS", TestKeys.API);
        pb.environment().put("RISKGATE_DEADLINE_MS", Long.toString(RunningRiskgate.PATIENT.deadline().toMillis()));
        Child child = new Child(pb.start(), new RiskgateClient(port), log);
        children.add(child);
        awaitHealthy(child);
        return child;
    }

    private static void awaitHealthy(Child child) throws InterruptedException {
        long deadline = System.nanoTime() + STARTUP.toNanos();
        while (System.nanoTime() < deadline) {
            assertThat(child.process.isAlive()).as("riskgate child exited during startup").isTrue();
            try {
                if (child.client.get("/health").status() == 200) {
                    return;
                }
            } catch (UncheckedIOException notListeningYet) {
                // keep polling
            }
            Thread.sleep(200);
        }
        throw new AssertionError("riskgate child not healthy within " + STARTUP);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
