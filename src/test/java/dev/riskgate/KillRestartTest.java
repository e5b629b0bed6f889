package dev.riskgate;

import static dev.riskgate.http.ScoreBodies.charge;
import static dev.riskgate.http.ScoreBodies.firedRules;
import static dev.riskgate.http.ScoreBodies.unique;
import static dev.riskgate.http.ShippedRules.NEW_DEVICE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.riskgate.http.RiskgateClient.Answer;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An answered decision survives kill -9: the process restarted on the same data dir still knows it. */
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

    private RiskgateProcess start(Path dataDir) throws IOException, InterruptedException {
        Path log = dir.resolve("child-" + (children.size() + 1) + ".log");
        RiskgateProcess child = RiskgateProcess.launch(dir, log, Map.of("RISKGATE_DATA_DIR", dataDir.toString()));
        children.add(child);
        child.awaitHealthy();
        return child;
    }
}
