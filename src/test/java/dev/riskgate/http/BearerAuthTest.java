package dev.riskgate.http;

import static dev.riskgate.http.ScoreBodies.charge;
import static dev.riskgate.http.ScoreBodies.unique;
import static org.assertj.core.api.Assertions.assertThat;

import dev.riskgate.config.Access;
import dev.riskgate.http.RiskgateClient.Answer;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every route but /health needs a bearer key of its scope: none, a malformed header or an unknown key is
 * 401, a key of another scope is 403, both as JSON errors; the right key is served. Feedback is audited.
 */
class BearerAuthTest {

    static final String ROTATED_API = "test-api-key-rotated-9876543210";
    static final String METRICS = "test-metrics-key-0123456789";

    @RegisterExtension
    static final RunningRiskgate riskgate = RunningRiskgate.withAccess(new Access(List.of(TestKeys.API, ROTATED_API),
            List.of(TestKeys.ADMIN), List.of(METRICS), false, -1, null));

    private static String scoredEventId;

    /** Each route, the call a holder of the right key would make, and the keys of other scopes. */
    enum Route {
        SCORE(c -> c.score(charge(unique("acct"), unique("dev"), 1000)), List.of(TestKeys.ADMIN, METRICS)),
        FEEDBACK(c -> c.feedback(scoredEventId, "LEGIT"), List.of(TestKeys.ADMIN, METRICS)),
        DECISION(c -> c.decision(scoredEventId), List.of(METRICS)),
        RULES(c -> c.get("/admin/rules"), List.of(TestKeys.API, METRICS)),
        RELOAD(c -> c.post("/admin/rules/reload", "", "application/json"), List.of(TestKeys.API, METRICS)),
        METRICS_SCRAPE(c -> c.get("/metrics"), List.of(TestKeys.API, ROTATED_API));

        final Function<RiskgateClient, Answer> call;
        final List<String> otherScopes;

        Route(Function<RiskgateClient, Answer> call, List<String> otherScopes) {
            this.call = call;
            this.otherScopes = otherScopes;
        }
    }

    @BeforeAll
    static void scoreOne() {
        Answer scored = riskgate.client().score(charge(unique("acct"), unique("dev"), 1000));
        assertThat(scored.status()).as(scored.body()).isEqualTo(200);
        scoredEventId = scored.json().getString("eventId");
    }

    @ParameterizedTest
    @EnumSource(Route.class)
    void refusesCallsWithoutAKey(Route route) {
        assertRefused(route.call.apply(as(null)), 401, "unauthorized");
    }

    @ParameterizedTest
    @EnumSource(Route.class)
    void refusesMalformedAndUnknownKeys(Route route) {
        for (String header : List.of("Bearer", "Bearer ", "Basic dGVzdDp0ZXN0", "Token " + TestKeys.API,
                TestKeys.API, "Bearer " + TestKeys.API + "x", "Bearer not-a-key-anyone-was-given", "Bearer a b")) {
            assertRefused(route.call.apply(as(header)), 401, "unauthorized");
        }
    }

    @ParameterizedTest
    @EnumSource(Route.class)
    void refusesKeysOfAnotherScope(Route route) {
        for (String key : route.otherScopes) {
            assertRefused(route.call.apply(as("Bearer " + key)), 403, "forbidden");
        }
    }

    @ParameterizedTest
    @EnumSource(Route.class)
    void servesTheRightKey(Route route) {
        Answer answer = route.call.apply(riskgate.client());

        assertThat(answer.status()).as(answer.body()).isBetween(200, 299);
    }

    @Test
    void eitherKeyOfARotationScores() {
        for (String key : List.of(TestKeys.API, ROTATED_API, TestKeys.API)) {
            Answer answer = as("Bearer " + key).score(charge(unique("acct"), unique("dev"), 1000));
            assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        }
    }

    @Test
    void schemeIsCaseInsensitive() {
        assertThat(as("bearer " + TestKeys.API).decision(scoredEventId).status()).isEqualTo(200);
    }

    @Test
    void metricsAcceptTheMetricsAndTheAdminKey() {
        assertThat(as("Bearer " + METRICS).get("/metrics").status()).isEqualTo(200);
        assertThat(as("Bearer " + TestKeys.ADMIN).get("/metrics").status()).isEqualTo(200);
    }

    @Test
    void healthIsOpen() {
        Answer answer = as(null).get("/health");

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json().getString("status")).isEqualTo("UP");
    }

    @Test
    void refusedScoreStoresNothing() {
        JsonObject body = charge(unique("acct"), unique("dev"), 1000);

        assertRefused(as("Bearer " + TestKeys.ADMIN).score(body), 403, "forbidden");
        assertRefused(as(null).score(body), 401, "unauthorized");

        assertThat(riskgate.client().decision(body.getString("eventId")).status()).isEqualTo(404);
    }

    @Test
    void unknownPathsUnderV1NeedAKeyBeforeTheyAreNotFound() {
        assertRefused(as(null).get("/v1/nothing-here"), 401, "unauthorized");
        assertThat(riskgate.client().get("/v1/nothing-here").status()).isEqualTo(404);
    }

    @Test
    void feedbackIsAuditedWithTheKeyIdNeverTheKey() throws Exception {
        String eventId = riskgate.client().score(charge(unique("acct"), unique("dev"), 1000)).json().getString("eventId");
        String refusedId = unique("refused");

        assertThat(as("Bearer " + ROTATED_API).feedback(eventId, "FRAUD").status()).isEqualTo(200);
        assertThat(as("Bearer " + ROTATED_API).feedback(eventId, "FRAUD").status()).isEqualTo(200);
        assertThat(as("Bearer " + ROTATED_API).feedback(eventId, "STEP_UP_PASSED").status()).isEqualTo(409);
        assertThat(as("Bearer " + TestKeys.API).feedback(eventId, "MAYBE").status()).isEqualTo(400);
        assertThat(as(null).feedback(refusedId, "FRAUD").status()).isEqualTo(401);

        Path file;
        try (var files = Files.list(riskgate.dataDir().resolve(FeedbackAudit.DIR))) {
            file = files.filter(f -> f.getFileName().toString().startsWith(FeedbackAudit.PREFIX + "-"))
                    .max(java.util.Comparator.naturalOrder()).orElseThrow();
        }
        String text = Files.readString(file);
        List<JsonObject> lines = text.lines().map(JsonObject::new)
                .filter(l -> eventId.equals(l.getString("eventId")) || l.getString("eventId") == null).toList();
        String rotatedId = ApiKeys.id(ROTATED_API);
        assertThat(lines).extracting(l -> l.getString("keyId") + " " + l.getString("outcome") + " "
                        + l.getInteger("status") + " " + l.getString("result"))
                .containsSubsequence(rotatedId + " FRAUD 200 changed", rotatedId + " FRAUD 200 unchanged",
                        rotatedId + " STEP_UP_PASSED 409 conflict", ApiKeys.id(TestKeys.API) + " null 400 out_of_range");
        assertThat(lines).allSatisfy(l -> assertThat(l.getString("at")).isNotBlank());
        assertThat(text).doesNotContain(refusedId).doesNotContain(TestKeys.API).doesNotContain(ROTATED_API);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }

    static void assertRefused(Answer answer, int status, String code) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(status);
        assertThat(answer.contentType()).startsWith("application/json");
        assertThat(answer.json().getString("code")).isEqualTo(code);
        assertThat(answer.json().getString("error")).isNotBlank();
        assertThat(answer.body()).doesNotContain(TestKeys.API).doesNotContain(TestKeys.ADMIN);
    }

    private static RiskgateClient as(String authorization) {
        return RiskgateClient.withAuthorization(riskgate.service().port(), authorization);
    }
}
