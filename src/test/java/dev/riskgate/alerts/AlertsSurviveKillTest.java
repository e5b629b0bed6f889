package dev.riskgate.alerts;

import static dev.riskgate.alerts.WebhookDeliveryTest.await;
import static dev.riskgate.http.ScoreBodies.charge;
import static dev.riskgate.http.ScoreBodies.unique;
import static org.assertj.core.api.Assertions.assertThat;

import dev.riskgate.RiskgateProcess;
import dev.riskgate.decision.AlertIds;
import dev.riskgate.http.RiskgateClient.Answer;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code riskgate serve} killed with -9 while its alerts are on the wire (the receiver holds every request
 * open): the restarted process on the same data directory delivers every one of them. Nothing answered
 * is lost, and a second copy, if any, carries the same webhook-id.
 */
class AlertsSurviveKillTest {

    @TempDir
    Path dir;

    @Test
    void alertsInFlightAtKillAreDeliveredAfterTheRestart() throws Throwable {
        try (Receiver receiver = new Receiver(WebhookDeliveryTest.SECRET)) {
            AtomicBoolean hold = new AtomicBoolean(true);
            AtomicBoolean killed = new AtomicBoolean(false);
            receiver.answer(() -> {
                boolean beforeKill = !killed.get();
                while (hold.get()) {
                    try {
                        Thread.sleep(20);
                    } catch (InterruptedException e) {
                        return 0;
                    }
                }
                // A request the killed process sent is never answered: its sender is gone.
                return beforeKill ? 0 : 200;
            });
            Map<String, String> env = Map.of("RISKGATE_DATA_DIR", dir.resolve("data").toString(),
                    "RISKGATE_WEBHOOK_URL", receiver.url(), "RISKGATE_WEBHOOK_SECRET", WebhookDeliveryTest.SECRET,
                    "RISKGATE_ALERTS_ALLOW_PRIVATE", "true");
            List<String> ids = new ArrayList<>();
            RiskgateProcess first = RiskgateProcess.start(dir, dir.resolve("first.log"), env);
            try {
                for (int i = 0; i < 5; i++) {
                    JsonObject body = charge(unique("acct"), unique("dev"), 100000);
                    Answer a = first.client().score(body);
                    assertThat(a.status()).as(a.body()).isEqualTo(200);
                    assertThat(a.json().getString("decision")).isEqualTo("STEP_UP");
                    ids.add(AlertIds.of(body.getString("eventId"), "step-up"));
                }
                await(() -> !receiver.deliveries.isEmpty() || receiver.inFlight() > 0, Duration.ofSeconds(20));
                first.process().destroyForcibly();
                assertThat(first.process().waitFor(10, TimeUnit.SECONDS)).isTrue();
            } finally {
                first.close();
            }
            killed.set(true);
            hold.set(false);
            assertThat(receiver.accepted()).as("nothing was acknowledged before the kill").isEmpty();
            int sentBeforeKill = receiver.deliveries.size() + receiver.inFlight();
            System.out.println("alert requests on the wire at kill -9: " + sentBeforeKill);

            try (RiskgateProcess second = RiskgateProcess.start(dir, dir.resolve("second.log"), env)) {
                await(() -> receiver.accepted().stream().map(Receiver.Delivery::webhookId).distinct().count() == ids.size(),
                        Duration.ofSeconds(30));
                assertThat(receiver.accepted().stream().map(Receiver.Delivery::webhookId)).containsAll(ids);
                assertThat(receiver.deliveries).allSatisfy(d -> assertThat(d.signatureValid()).isTrue());
            }
        }
    }
}
