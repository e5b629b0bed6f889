package dev.riskgate.alerts;

import static dev.riskgate.alerts.WebhookDeliveryTest.await;
import static dev.riskgate.http.ScoreBodies.charge;
import static dev.riskgate.http.ScoreBodies.unique;
import static org.assertj.core.api.Assertions.assertThat;

import dev.riskgate.RiskgateProcess;
import dev.riskgate.http.RiskgateClient;
import dev.riskgate.http.RiskgateClient.Answer;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The owner's answers over HTTP on {@code riskgate serve}, with the token the webhook carried: a wrong token
 * is refused with a JSON error, the right one freezes the account (later scores BLOCK, naming the freeze),
 * a second use is refused, unfreeze lifts it, and each call is audited.
 */
class OwnerAnswerRoutesTest {

    @TempDir
    Path dir;

    @Test
    void notMeWithTheWebhooksTokenFreezesTheAccountUntilUnfrozen() throws Throwable {
        try (Receiver receiver = new Receiver(WebhookDeliveryTest.SECRET);
             RiskgateProcess serve = RiskgateProcess.start(dir, dir.resolve("serve.log"), Map.of(
                     "RISKGATE_DATA_DIR", dir.resolve("data").toString(), "RISKGATE_WEBHOOK_URL", receiver.url(),
                     "RISKGATE_WEBHOOK_SECRET", WebhookDeliveryTest.SECRET, "RISKGATE_ALERTS_ALLOW_PRIVATE", "true"))) {
            RiskgateClient client = serve.client();
            String account = unique("acct");
            Answer first = client.score(charge(account, unique("dev"), 100000));
            assertThat(first.json().getString("decision")).isEqualTo("STEP_UP");
            await(() -> !receiver.accepted().isEmpty(), Duration.ofSeconds(20));
            JsonObject data = receiver.accepted().get(0).body().getJsonObject("data");
            String path = "/v1/alerts/" + data.getString("alertId");

            Answer wrong = client.post(path + "/not-me", new JsonObject().put("token", data.getString("token") + "x").encode(),
                    "application/json");
            assertThat(wrong.status()).isEqualTo(403);
            assertThat(wrong.json().getString("code")).isEqualTo("invalid_token");
            assertThat(client.post(path + "/not-me", "{}", "application/json").status()).isEqualTo(400);
            assertThat(client.score(charge(account, unique("dev"), 1000)).json().getString("decision"))
                    .as("refused answers changed nothing").isNotEqualTo("BLOCK");

            Answer notMe = client.post(path + "/not-me", new JsonObject().put("token", data.getString("token")).encode(),
                    "application/json");
            assertThat(notMe.status()).as(notMe.body()).isEqualTo(200);
            assertThat(notMe.json().getBoolean("frozen")).isTrue();
            Answer again = client.post(path + "/not-me", new JsonObject().put("token", data.getString("token")).encode(),
                    "application/json");
            assertThat(again.status()).isEqualTo(409);
            assertThat(again.json().getString("code")).isEqualTo("token_used");

            JsonObject blocked = client.score(charge(account, unique("dev"), 1000)).json();
            assertThat(blocked.getString("decision")).isEqualTo("BLOCK");
            assertThat(blocked.getJsonArray("reasons").getJsonObject(0).getString("rule")).isEqualTo("account frozen by its owner");

            assertThat(client.post("/v1/accounts/" + account + "/unfreeze", "", "application/json").status()).isEqualTo(200);
            // The pack may still block a new device on an account with fraud on it; the freeze no longer speaks.
            assertThat(client.score(charge(account, unique("dev"), 1000)).json().getJsonArray("reasons").encode())
                    .doesNotContain("account frozen by its owner");

            String audit;
            try (Stream<Path> files = Files.list(dir.resolve("data").resolve("audit"))) {
                audit = files.filter(p -> p.getFileName().toString().startsWith("owner-answers"))
                        .map(p -> readQuietly(p)).reduce("", String::concat);
            }
            assertThat(audit).contains("\"result\":\"invalid_token\"", "\"result\":\"token_used\"", "\"route\":\"unfreeze\"");
        }
    }

    private static String readQuietly(Path p) {
        try {
            return Files.readString(p);
        } catch (java.io.IOException e) {
            return "";
        }
    }
}
