package dev.riskgate.http;

import static dev.riskgate.http.ScoreBodies.charge;
import static dev.riskgate.http.ScoreBodies.item;
import static dev.riskgate.http.ScoreBodies.ownersEarlierPurchase;
import static dev.riskgate.http.ScoreBodies.purchase;
import static dev.riskgate.http.ScoreBodies.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.riskgate.decisionlog.DecisionLog;
import dev.riskgate.scoring.ShadowScorer;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

/** A candidate pack judged on live traffic: logged and counted, never answered. */
class ShadowPackTest {

    @RegisterExtension
    static final RunningRiskgate riskgate = RunningRiskgate.withShadowPack();

    @BeforeAll
    static void makeTheShadowStricter() throws Exception {
        Path params = riskgate.shadowRulesDir().resolve("parameters.properties");
        Files.writeString(params, Files.readString(params).replace("decision.block_at = 80", "decision.block_at = 45"));
        RiskgateClient.Answer reload = riskgate.client().post("/admin/rules/reload", "", "application/json");
        assertThat(reload.status()).isEqualTo(200);
        assertThat(riskgate.client().get("/admin/rules").json().getJsonObject("shadow").getString("version"))
                .isNotEqualTo(riskgate.service().rulesVersion());
    }

    /** ¥10,000 from a device an account with history never used: 45 points, STEP_UP (BLOCK in the shadow). */
    private static JsonObject strangersTopUp() {
        String account = unique("acct");
        assertThat(riskgate.client().score(ownersEarlierPurchase(account)).status()).isEqualTo(200);
        return charge(account, unique("dev"), 10_000);
    }

    @Test
    void shadowVerdictIsLoggedAndCountedButNeverAnswered() throws Exception {
        JsonObject request = strangersTopUp();
        JsonObject answer = riskgate.client().score(request).json();
        assertThat(answer.getString("decision")).isEqualTo("STEP_UP");
        assertThat(answer.getString("rulesVersion")).isEqualTo(riskgate.service().rulesVersion());

        JsonObject shadowLine = waitForLogLine("shadow", request.getString("eventId"));
        assertThat(shadowLine.getString("activeDecision")).isEqualTo("STEP_UP");
        assertThat(shadowLine.getJsonObject("shadow").getString("decision")).isEqualTo("BLOCK");
        assertThat(shadowLine.getJsonObject("shadow").getInteger("score")).isEqualTo(answer.getInteger("score"));

        String metrics = riskgate.client().get("/metrics").body();
        assertThat(metrics).containsPattern("riskgate_shadow_decisions_total\\{active=\"step_up\",shadow=\"block\"\\} [1-9]");
        assertThat(metrics).containsPattern("(?m)^riskgate_shadow_dropped_total 0");
    }

    @Test
    void decisionsAndFeedbackAreLoggedInTheShapeReplayReads() throws Exception {
        JsonObject request = strangersTopUp();
        JsonObject answer = riskgate.client().score(request).json();
        riskgate.client().feedback(request.getString("eventId"), "STEP_UP_PASSED");

        JsonObject scoreLine = waitForLogLine("score", request.getString("eventId"));
        assertThat(scoreLine.getJsonObject("answer")).isEqualTo(answer);
        assertThat(scoreLine.getJsonObject("event").getString("deviceId")).isEqualTo(request.getString("deviceId"));
        assertThat(scoreLine.getLong("latencyMicros")).isNotNegative();
        JsonObject feedbackLine = waitForLogLine("feedback", request.getString("eventId"));
        assertThat(feedbackLine.getString("outcome")).isEqualTo("STEP_UP_PASSED");

        Path log = logFiles().get(0);
        List<dev.riskgate.replay.ReplayEvent> replayed = dev.riskgate.replay.EventFile.read(log).events();
        assertThat(replayed).anySatisfy(e -> {
            assertThat(e.request().eventId()).isEqualTo(request.getString("eventId"));
            assertThat(e.feedback()).containsExactly(dev.riskgate.decision.FeedbackOutcome.STEP_UP_PASSED);
        });
    }

    /**
     * Each pack takes its own currencies: an event the active pack takes in a currency the candidate does
     * not is answered, and the candidate skips it (nothing to compare) without failing.
     */
    @Test
    void aCurrencyOnlyTheActivePackTakesIsAnsweredAndNotCompared() throws Exception {
        Path params = riskgate.rulesDir().resolve("parameters.properties");
        String original = Files.readString(params);
        Files.writeString(params, original.replace("currencies = JPY", "currencies = JPY, USD"));
        assertThat(riskgate.client().post("/admin/rules/reload", "", "application/json").status()).isEqualTo(200);
        Logger shadowLog = (Logger) LoggerFactory.getLogger(ShadowScorer.class);
        ListAppender<ILoggingEvent> seen = new ListAppender<>();
        seen.start();
        shadowLog.addAppender(seen);
        try {
            JsonObject dollars = purchase(unique("acct"), unique("dev"), item("tobacco", 6, 5000))
                    .put("currency", "USD").put("amount", 199.98);
            dollars.getJsonArray("items").getJsonObject(0).put("unitPrice", 33.33);
            JsonObject yen = purchase(unique("acct"), unique("dev"), item("tobacco", 6, 5000));

            assertThat(riskgate.client().score(dollars).status()).isEqualTo(200);
            assertThat(riskgate.client().score(yen).status()).isEqualTo(200);

            // The candidate compares in arrival order, one at a time: once the yen event's line is there,
            // the dollar event has been taken and skipped.
            waitForLogLine("shadow", yen.getString("eventId"));
            assertThatThrownBy(() -> waitForLogLine("shadow", dollars.getString("eventId")))
                    .hasMessageContaining("no shadow line");
            assertThat(List.copyOf(seen.list)).as("the candidate's warnings")
                    .noneMatch(e -> e.getLevel().isGreaterOrEqual(Level.WARN));
        } finally {
            shadowLog.detachAppender(seen);
            Files.writeString(params, original);
            assertThat(riskgate.client().post("/admin/rules/reload", "", "application/json").status()).isEqualTo(200);
        }
    }

    @Test
    void theLoggedAnswerIsTheAnswerSentCharacterForCharacter() throws Exception {
        JsonObject request = purchase(unique("acct"), unique("dev"), item("tobacco", 6, 5000));
        RiskgateClient.Answer answer = riskgate.client().score(request);
        waitForLogLine("score", request.getString("eventId"));

        String line;
        try (Stream<String> lines = Files.lines(logFiles().get(0))) {
            line = lines.filter(l -> l.startsWith("{\"kind\":\"score\"") && l.contains(request.getString("eventId")))
                    .findFirst().orElseThrow();
        }
        assertThat(line).contains("\"answer\":" + answer.body() + ",\"rulesVersion\":");
        assertThat(new JsonObject(line).fieldNames())
                .containsExactly("kind", "loggedAt", "event", "answer", "rulesVersion", "latencyMicros");
    }

    private static JsonObject waitForLogLine(String kind, String eventId) throws Exception {
        Instant deadline = Instant.now().plusSeconds(5);
        while (Instant.now().isBefore(deadline)) {
            Optional<JsonObject> found = Optional.empty();
            for (Path file : logFiles()) {
                try (Stream<String> lines = Files.lines(file)) {
                    found = lines.map(JsonObject::new).filter(l -> kind.equals(l.getString("kind")))
                            .filter(l -> eventId.equals(l.getString("eventId"))
                                    || (l.getJsonObject("event") != null && eventId.equals(l.getJsonObject("event").getString("eventId"))))
                            .findFirst();
                }
                if (found.isPresent()) {
                    return found.get();
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no " + kind + " line for " + eventId + " in the decision log");
    }

    private static List<Path> logFiles() throws Exception {
        try (Stream<Path> files = Files.list(riskgate.dataDir().resolve(DecisionLog.DIR))) {
            return files.sorted().toList();
        }
    }
}
