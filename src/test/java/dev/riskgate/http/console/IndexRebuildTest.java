package dev.riskgate.http.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.riskgate.Service;
import dev.riskgate.TestPaths;
import dev.riskgate.config.Config;
import dev.riskgate.http.RiskgateClient;
import dev.riskgate.http.RunningRiskgate;
import dev.riskgate.http.TestKeys;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The console's index is a cache of the decision log: deleted, it is rebuilt from the log at the next start. */
class IndexRebuildTest {

    @TempDir
    Path work;

    @Test
    void aDeletedIndexIsRebuiltFromTheDecisionLog() throws Exception {
        Path data = work.resolve("data");
        String eventId;
        JsonObject answer;
        String rulesBefore;
        String alertsBefore;
        try (Service first = start(data)) {
            RiskgateClient client = new RiskgateClient(first.port());
            eventId = ConsolePagesTest.stepUp(client);
            answer = client.decision(eventId).json();
            assertThat(client.feedback(eventId, "LEGIT").status()).isEqualTo(200);
            ConsoleSession s = login(first);
            ConsolePagesTest.awaitIndexed(s, eventId);
            awaitLabel(s, eventId, "LEGIT");
            rulesBefore = s.page("/console/rules?days=7").getElementById("rules").text();
            alertsBefore = s.page("/console/decisions/" + eventId).getElementById("alerts").text();
        }
        try (Stream<Path> files = Files.list(data.resolve("console"))) {
            for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(f);
            }
        }

        try (Service second = start(data)) {
            ConsoleSession s = login(second);
            Document page = s.page("/console/decisions/" + eventId);

            assertThat(page.getElementById("score").text()).isEqualTo(String.valueOf(answer.getInteger("score")));
            assertThat(page.getElementById("label").text()).contains("LEGIT");
            assertThat(page.getElementById("fired").text()).contains(answer.getJsonArray("reasons").getJsonObject(0).getString("rule"));
            assertThat(s.page("/console/rules?days=7").getElementById("rules").text()).isEqualTo(rulesBefore);
            assertThat(page.getElementById("alerts").text()).as("the alerts, read back from the log line")
                    .contains("step-up").isEqualTo(alertsBefore);
        }
    }

    private static void awaitLabel(ConsoleSession s, String eventId, String label) throws InterruptedException {
        for (int i = 0; i < 200; i++) {
            if (s.page("/console/decisions/" + eventId).getElementById("label").text().contains(label)) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError(eventId + " never showed " + label);
    }

    private static Service start(Path data) throws Exception {
        Config config = RunningRiskgate.OWNERS_HISTORY.apply(RunningRiskgate.patient(new Config(0, data, TestPaths.rules(),
                "127.0.0.1", null, TestKeys.withAnalyst(), Config.DEFAULT_LOG_MAX_BYTES)));
        return RunningRiskgate.warm(Service.start(config));
    }

    private static ConsoleSession login(Service service) {
        ConsoleSession s = new ConsoleSession(service.port());
        assertThat(s.login(TestKeys.ANALYST).statusCode()).isEqualTo(303);
        return s;
    }
}
