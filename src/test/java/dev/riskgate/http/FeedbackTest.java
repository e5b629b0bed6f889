package dev.riskgate.http;

import static dev.riskgate.http.ScoreBodies.charge;
import static dev.riskgate.http.ScoreBodies.firedRules;
import static dev.riskgate.http.ScoreBodies.item;
import static dev.riskgate.http.ScoreBodies.purchase;
import static dev.riskgate.http.ScoreBodies.unique;
import static dev.riskgate.http.ShippedRules.NEW_DEVICE;
import static dev.riskgate.http.ShippedRules.UNTRUSTED_DEVICE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.riskgate.http.RiskgateClient.Answer;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** POST /v1/feedback: step-up results and analyst labels, applied once, checked against the decision. */
class FeedbackTest {

    @RegisterExtension
    static final RunningRiskgate riskgate = RunningRiskgate.with(RunningRiskgate.OWNERS_HISTORY);

    private final RiskgateClient client = riskgate.client();

    @Test
    void feedbackForUnknownEventIsNotFound() {
        Answer answer = client.feedback(unique("never-scored"), "LEGIT");

        assertThat(answer.status()).isEqualTo(404);
        assertThat(answer.json().getString("field")).isEqualTo("eventId");
    }

    @ParameterizedTest
    @ValueSource(strings = {"MAYBE", "step_up_passed", ""})
    void refusesUnknownOutcome(String outcome) {
        String eventId = client.score(charge(unique("acct"), unique("dev"), 1000)).json().getString("eventId");

        Answer answer = client.feedback(eventId, outcome);

        assertThat(answer.status()).as(answer.body()).isEqualTo(400);
        assertThat(answer.json().getString("field")).isEqualTo("outcome");
        assertThat(answer.json().getString("error")).isNotBlank();
    }

    @Test
    void refusesFeedbackWithoutOutcome() {
        String eventId = client.score(charge(unique("acct"), unique("dev"), 1000)).json().getString("eventId");

        Answer answer = client.post("/v1/feedback", new JsonObject().put("eventId", eventId).encode(), "application/json");

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.json().getString("field")).isEqualTo("outcome");
    }

    @Test
    void stepUpResultForAllowedEventIsAConflict() {
        JsonObject allowed = client.score(charge(unique("acct"), unique("dev"), 1000)).json();
        assertThat(allowed.getString("decision")).isEqualTo("ALLOW");

        Answer answer = client.feedback(allowed.getString("eventId"), "STEP_UP_PASSED");

        assertThat(answer.status()).as(answer.body()).isEqualTo(409);
        assertThat(answer.json().getString("field")).isEqualTo("outcome");
    }

    @Test
    void passedStepUpTrustsTheDeviceThoughItStaysYoungForADay() {
        String account = unique("acct");
        String device = unique("dev");
        String eventId = stepUp(account, device);

        Answer answer = client.feedback(eventId, "STEP_UP_PASSED");

        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(answer.json()).isEqualTo(new JsonObject()
                .put("eventId", eventId).put("outcome", "STEP_UP_PASSED").put("changed", true));
        JsonObject next = client.score(purchase(account, device, item("food", 1, 500))).json();
        assertThat(firedRules(next)).contains(UNTRUSTED_DEVICE)
                .doesNotContain(NEW_DEVICE + " still earning trust", NEW_DEVICE + " never seen on this account");
    }

    @Test
    void pendingStepUpLeavesTheDeviceUntrusted() {
        String account = unique("acct");
        String device = unique("dev");
        stepUp(account, device);

        JsonObject next = client.score(purchase(account, device, item("food", 1, 500))).json();

        assertThat(firedRules(next)).contains(UNTRUSTED_DEVICE);
    }

    @Test
    void repeatedFeedbackChangesNothing() {
        String eventId = stepUp(unique("acct"), unique("dev"));
        assertThat(client.feedback(eventId, "STEP_UP_PASSED").json().getBoolean("changed")).isTrue();

        Answer again = client.feedback(eventId, "STEP_UP_PASSED");

        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().getBoolean("changed")).isFalse();
    }

    @Test
    void failedStepUpAfterPassedIsAConflict() {
        String eventId = stepUp(unique("acct"), unique("dev"));
        assertThat(client.feedback(eventId, "STEP_UP_PASSED").status()).isEqualTo(200);

        Answer answer = client.feedback(eventId, "STEP_UP_FAILED");

        assertThat(answer.status()).as(answer.body()).isEqualTo(409);
    }

    @Test
    void fraudReportTakesBackTheDeviceTrust() {
        String account = unique("acct");
        String device = unique("dev");
        ownersHistory(account);
        JsonObject allowed = client.score(charge(account, device, 1000)).json();
        assertThat(allowed.getString("decision")).isEqualTo("ALLOW");

        Answer answer = client.feedback(allowed.getString("eventId"), "FRAUD");

        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        JsonObject next = client.score(charge(account, device, 1000)).json();
        assertThat(firedRules(next)).contains(UNTRUSTED_DEVICE);
    }

    @Test
    void passedStepUpAfterFraudReportDoesNotTrustTheDevice() {
        String account = unique("acct");
        String device = unique("dev");
        String eventId = stepUp(account, device);
        assertThat(client.feedback(eventId, "FRAUD").status()).isEqualTo(200);

        Answer answer = client.feedback(eventId, "STEP_UP_PASSED");

        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        JsonObject next = client.score(purchase(account, device, item("food", 1, 500))).json();
        assertThat(firedRules(next)).contains(UNTRUSTED_DEVICE);
    }

    @Test
    void refusesFeedbackThatIsNotJson() {
        String eventId = client.score(charge(unique("acct"), unique("dev"), 1000)).json().getString("eventId");

        Answer answer = client.post("/v1/feedback", "eventId=" + eventId + "&outcome=LEGIT",
                "application/x-www-form-urlencoded");

        assertThat(answer.status()).isEqualTo(415);
        assertThat(answer.json().getString("error")).isNotBlank();
    }

    @Test
    void feedbackDoesNotChangeTheStoredAnswer() {
        String eventId = stepUp(unique("acct"), unique("dev"));
        JsonObject before = client.decision(eventId).json();

        client.feedback(eventId, "STEP_UP_PASSED");

        assertThat(client.decision(eventId).json()).isEqualTo(before);
    }

    /**
     * Scores a purchase the shipped pack steps up: a brand-new account on its first device (10 points)
     * buying 6 cartons of tobacco (¥30,000: 40 points) scores 50, between step_up_at 40 and block_at 80.
     */
    /** Two days of the owner's phone on the account, so that {@code device} is new to it. */
    private void ownersHistory(String account) {
        JsonObject earlier = purchase(account, unique("owner-phone"), item("food", 1, 500))
                .put("occurredAt", Instant.now().minus(Duration.ofDays(2)).toString());
        assertThat(client.score(earlier).status()).isEqualTo(200);
    }

    private String stepUp(String account, String device) {
        ownersHistory(account);
        JsonObject decision = client.score(charge(account, device, 10_000)).json();
        assertThat(decision.getString("decision")).as("precondition: %s", decision).isEqualTo("STEP_UP");
        return decision.getString("eventId");
    }
}
