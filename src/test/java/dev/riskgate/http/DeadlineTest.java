package dev.riskgate.http;

import static dev.riskgate.http.ScoreBodies.charge;
import static dev.riskgate.http.ScoreBodies.firedRules;
import static dev.riskgate.http.ScoreBodies.unique;
import static org.assertj.core.api.Assertions.assertThat;

import dev.riskgate.config.DegradedMode;
import dev.riskgate.decisionlog.DecisionLog;
import dev.riskgate.http.RiskgateClient.Answer;
import dev.riskgate.decision.Verdict;
import dev.riskgate.state.AccountState;
import dev.riskgate.state.StateKeys;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The decision deadline on the embedded store, made slow or unreachable on purpose by a real decorator
 * around it ({@link SlowStateStore}): past the deadline the gateway gets the declared fail decision, and the
 * decision the late work would have made is never committed, so a retry is scored afresh. The fail
 * decision here is BLOCK, not the default, so that an answer of it can only come from the setting.
 */
class DeadlineTest {

    private static final Duration DEADLINE = Duration.ofMillis(200);
    /** Far longer than the deadline: an answer before it ends can only come from the deadline. */
    private static final Duration STALL = Duration.ofSeconds(3);

    static final SlowStateStore store = new SlowStateStore();

    @RegisterExtension
    static final RunningRiskgate riskgate = RunningRiskgate.with(
            c -> c.withDegradedMode(new DegradedMode(DEADLINE, Verdict.BLOCK)), store::around);

    private final RiskgateClient client = riskgate.client();

    @BeforeAll
    static void warmUp() {
        // A cold JVM's first decisions can take longer than the deadline; the tests below need a warm one
        // wherever they expect a decision of the rules.
        RiskgateClient client = riskgate.client();
        int onTime = 0;
        for (int i = 0; i < 500 && onTime < 20; i++) {
            onTime = client.score(charge(unique("warm"), unique("dev"), 1000)).json().containsKey("degraded") ? 0 : onTime + 1;
        }
        assertThat(onTime).as("20 decisions in a row within the deadline after warming up").isEqualTo(20);
    }

    @Test
    void aDecisionPastTheDeadlineGetsTheFailDecisionAndRecordsNothing() {
        String account = unique("acct");
        JsonObject body = charge(account, unique("dev"), 1000);
        String eventId = body.getString("eventId");
        store.delayNextRead(eventId, STALL);
        double degradedBefore = metric("riskgate_degraded_decisions_total{reason=\"deadline\"}");

        long start = System.nanoTime();
        Answer answer = client.score(body);
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(took).as("answered by the deadline, not by the stalled read").isLessThan(STALL.dividedBy(2));
        JsonObject degraded = answer.json();
        assertThat(degraded.getString("decision")).isEqualTo("BLOCK");
        assertThat(degraded.getBoolean("degraded")).isTrue();
        assertThat(degraded.getString("degradedReason")).isEqualTo("deadline");
        assertThat(degraded.getInteger("score")).isZero();
        assertThat(degraded.getJsonArray("reasons")).isEmpty();
        assertThat(degraded.getString("rulesVersion")).isEqualTo(riskgate.service().rulesVersion());
        assertThat(metric("riskgate_degraded_decisions_total{reason=\"deadline\"}")).isEqualTo(degradedBefore + 1);

        // The late work reads, evaluates and then finds the answer already given: it must commit nothing.
        awaitIdle();
        assertThat(store.commits(eventId)).as("commits of the late decision").isZero();
        assertThat(store.inner().decision(eventId)).as("idempotency record").isEmpty();
        assertThat(store.inner().snapshot(new StateKeys(eventId, account, "any", null)).account())
                .as("the account's history").isEqualTo(AccountState.EMPTY);
        assertThat(client.decision(eventId).status()).isEqualTo(404);
        await("the degraded answer in the decision log", () -> logLines(eventId).size() == 1);
        assertThat(logLines(eventId).get(0).getJsonObject("answer")).isEqualTo(degraded);

        Answer retry = client.score(body);

        assertThat(retry.status()).as(retry.body()).isEqualTo(200);
        assertThat(retry.json().containsKey("degraded")).as("the retry is scored for real: " + retry.body()).isFalse();
        assertThat(firedRules(retry.json())).contains(ShippedRules.FIRST_DEVICE);
        assertThat(store.commits(eventId)).isEqualTo(1);
        assertThat(client.decision(eventId).json()).isEqualTo(retry.json());
        assertThat(client.score(body).json()).as("a second retry gets the stored answer").isEqualTo(retry.json());
        await("the real decision logged after the degraded one", () -> logLines(eventId).size() == 2);
    }

    @Test
    void aCommitBegunBeforeTheDeadlineIsTheAnswer() {
        JsonObject body = charge(unique("acct"), unique("dev"), 1000);
        String eventId = body.getString("eventId");
        Duration slowCommit = DEADLINE.multipliedBy(3);
        store.delayNextCommit(eventId, slowCommit);

        long start = System.nanoTime();
        Answer answer = client.score(body);
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(answer.json().containsKey("degraded")).as(answer.body()).isFalse();
        assertThat(took).as("the answer waited for the commit").isGreaterThanOrEqualTo(slowCommit);
        assertThat(store.commits(eventId)).isEqualTo(1);
        assertThat(client.decision(eventId).json()).isEqualTo(answer.json());
    }

    @Test
    void anUnreachableStoreGetsTheFailDecisionAtOnceAndHealthSaysDegraded() throws Exception {
        JsonObject body = charge(unique("acct"), unique("dev"), 1000);
        String eventId = body.getString("eventId");
        store.down(true);
        try {
            Answer answer = client.score(body);
            Answer health = client.get("/health");
            HttpResponse<String> feedback = raw("/v1/feedback",
                    new JsonObject().put("eventId", eventId).put("outcome", "FRAUD").encode());
            HttpResponse<String> lookup = raw("/v1/decisions/" + eventId, null);

            assertThat(answer.status()).as(answer.body()).isEqualTo(200);
            assertThat(answer.json().getString("decision")).isEqualTo("BLOCK");
            assertThat(answer.json().getBoolean("degraded")).isTrue();
            assertThat(answer.json().getString("degradedReason")).isEqualTo("store_unavailable");
            assertThat(health.status()).as("a load balancer keeps the instance").isEqualTo(200);
            assertThat(health.json().getString("status")).isEqualTo("DEGRADED");
            assertThat(health.json().getString("degradedReason")).isEqualTo("store_unavailable");
            for (HttpResponse<String> r : List.of(feedback, lookup)) {
                assertThat(r.statusCode()).as(r.body()).isEqualTo(503);
                assertThat(r.headers().firstValue("retry-after")).hasValue(LoadShedder.RETRY_AFTER);
                assertThat(new JsonObject(r.body()).getString("code")).isEqualTo("unavailable");
            }
        } finally {
            store.down(false);
        }

        assertThat(client.get("/health").json().getString("status")).isEqualTo("UP");
        Answer retry = client.score(body);
        assertThat(retry.json().containsKey("degraded")).as(retry.body()).isFalse();
        assertThat(store.commits(eventId)).isEqualTo(1);
    }

    /** Waits until no score request's work is still running (the late work included). */
    private void awaitIdle() {
        await("no work in flight", () -> metric("riskgate_in_flight_requests") == 0);
    }

    private double metric(String series) {
        return client.get("/metrics").body().lines().filter(l -> l.startsWith(series + " "))
                .mapToDouble(l -> Double.parseDouble(l.substring(series.length() + 1).trim()))
                .findFirst().orElseThrow(() -> new AssertionError("no series " + series));
    }

    /** The decision log's lines about {@code eventId}, oldest first. */
    private static List<JsonObject> logLines(String eventId) {
        try (Stream<Path> files = Files.list(riskgate.dataDir().resolve(DecisionLog.DIR))) {
            return files.sorted().flatMap(f -> {
                try {
                    return Files.readAllLines(f).stream();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).map(JsonObject::new)
                    .filter(l -> l.getJsonObject("event") != null && eventId.equals(l.getJsonObject("event").getString("eventId")))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void await(String what, BooleanSupplier done) {
        long until = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (!done.getAsBoolean()) {
            assertThat(System.nanoTime()).as(what).isLessThan(until);
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
    }

    /** A call whose headers the test reads; a null body is a GET. */
    private HttpResponse<String> raw(String path, String body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + riskgate.service().port() + path))
                .header("authorization", "Bearer " + TestKeys.API).timeout(Duration.ofSeconds(30));
        request = body == null ? request.GET()
                : request.header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
