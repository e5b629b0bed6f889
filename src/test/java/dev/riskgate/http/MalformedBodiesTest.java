package dev.riskgate.http;

import static dev.riskgate.http.ScoreBodies.unique;
import static org.assertj.core.api.Assertions.assertThat;

import dev.riskgate.decisionlog.DecisionLog;
import dev.riskgate.http.RiskgateClient.Answer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Thousands of generated malformed bodies against a running riskgate: every answer is a 4xx JSON error,
 * nothing is stored, and a good request scores exactly as it did before the barrage.
 */
class MalformedBodiesTest {

    static final int CASES = 5_000;
    static final long SEED = 20190703L;

    @RegisterExtension
    static final RunningRiskgate riskgate = new RunningRiskgate();

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Test
    void everyMalformedBodyIsRefusedAndChangesNothing() throws Exception {
        RiskgateClient client = riskgate.client();
        // The barrage uses the account, device and store of the "after" request: had any malformed body been
        // stored, that request would see the history and score differently from the "before" one.
        String account = unique("acct");
        String device = unique("dev");
        String store = unique("store");
        JsonObject before = good(unique("evt"), unique("acct"), unique("dev"), unique("store"));
        Answer beforeAnswer = client.score(before);
        assertThat(beforeAnswer.status()).as(beforeAnswer.body()).isEqualTo(200);
        long decisionsBefore = decisionsTotal(client);
        long logBytesBefore = decisionLogBytes();

        MalformedBodies bodies = new MalformedBodies(SEED, good("fuzz", account, device, store),
                new JsonObject().put("eventId", before.getString("eventId")).put("outcome", "FRAUD"));
        List<String> wrong = new ArrayList<>();
        List<String> fuzzIds = new ArrayList<>();
        for (int n = 0; n < CASES; n++) {
            MalformedBodies.Case c = bodies.next(n);
            HttpResponse<String> r = post(c.path(), c.body());
            String problem = problem(r);
            if (problem != null && wrong.size() < 20) {
                wrong.add(c.path() + " [" + c.description() + "] " + new String(c.body(), 0, Math.min(c.body().length, 300),
                        StandardCharsets.UTF_8) + " -> " + r.statusCode() + " " + problem);
            }
            if (n % 50 == 0) {
                fuzzIds.add("fuzz-" + n);
            }
        }

        assertThat(wrong).as("answers that are not 4xx JSON errors").isEmpty();
        assertThat(decisionsTotal(client)).as("decisions counted").isEqualTo(decisionsBefore);
        assertThat(decisionLogBytes()).as("decision log size").isEqualTo(logBytesBefore);
        for (String id : fuzzIds) {
            assertThat(client.decision(id).status()).as(id).isEqualTo(404);
        }
        Answer retried = client.score(before);
        Answer after = client.score(good(unique("evt"), account, device, store));
        assertThat(retried.json()).isEqualTo(beforeAnswer.json());
        assertThat(after.json().copy().put("eventId", "-")).isEqualTo(beforeAnswer.json().copy().put("eventId", "-"));
        assertThat(client.feedback(before.getString("eventId"), "FRAUD").json().getBoolean("changed"))
                .as("no malformed feedback was recorded").isTrue();
    }

    /** Null when {@code r} is a 4xx JSON error in the house shape. */
    private static String problem(HttpResponse<String> r) {
        if (r.statusCode() < 400 || r.statusCode() > 499) {
            return "not a 4xx: " + r.body();
        }
        if (!r.headers().firstValue("content-type").orElse("").startsWith("application/json")) {
            return "not JSON: " + r.headers().firstValue("content-type").orElse("no content-type");
        }
        try {
            JsonObject body = new JsonObject(r.body());
            boolean shaped = body.getValue("error") instanceof String && body.getValue("code") instanceof String
                    && body.containsKey("field");
            return shaped ? null : "not {error, field, code}: " + r.body();
        } catch (RuntimeException e) {
            return "unreadable body: " + r.body();
        }
    }

    /** A JPY purchase with every optional field, so that each can be broken. */
    static JsonObject good(String eventId, String account, String device, String store) {
        return new JsonObject().put("eventId", eventId).put("type", "purchase").put("accountId", account)
                .put("deviceId", device).put("occurredAt", java.time.OffsetDateTime.now(java.time.ZoneOffset.ofHours(9))
                        .truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString()).put("amount", 1400)
                .put("currency", "JPY").put("storeId", store)
                .put("items", new JsonArray()
                        .add(new JsonObject().put("sku", "4902102112963").put("category", "tobacco").put("quantity", 2)
                                .put("unitPrice", 500))
                        .add(new JsonObject().put("sku", "lighter-01").put("quantity", 1).put("unitPrice", 400)))
                .put("fundingSource", "wallet").put("ip", "203.0.113.7");
    }

    private HttpResponse<String> post(String path, byte[] body) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + riskgate.service().port() + path))
                .timeout(Duration.ofSeconds(30))
                .header("content-type", "application/json")
                .header("authorization", "Bearer " + TestKeys.API)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static long decisionsTotal(RiskgateClient client) {
        return (long) client.get("/metrics").body().lines()
                .filter(l -> l.startsWith("riskgate_decisions_total{"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .sum();
    }

    private static long decisionLogBytes() throws IOException {
        try (Stream<Path> files = Files.list(riskgate.dataDir().resolve(DecisionLog.DIR))) {
            long total = 0;
            for (Path f : files.toList()) {
                total += Files.size(f);
            }
            return total;
        }
    }
}
