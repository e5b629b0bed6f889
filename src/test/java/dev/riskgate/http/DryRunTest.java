package dev.riskgate.http;

import static dev.riskgate.http.ScoreBodies.charge;
import static dev.riskgate.http.ScoreBodies.unique;
import static org.assertj.core.api.Assertions.assertThat;

import dev.riskgate.http.RiskgateClient.Answer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** POST /admin/score answers as /v1/score would and records nothing; analyst keys may call it, not reload. */
class DryRunTest {

    @RegisterExtension
    static final RunningRiskgate riskgate = RunningRiskgate.withAccess(TestKeys.withAnalyst());

    @Test
    void dryRunAnswersLikeScoringAndRecordsNothing() {
        JsonObject event = charge(unique("acct"), unique("dev"), 1000);

        Answer dry = as(TestKeys.ADMIN).post("/admin/score", event.encode(), "application/json");

        assertThat(dry.status()).as(dry.body()).isEqualTo(200);
        assertThat(dry.json().getBoolean("recorded")).isFalse();
        assertThat(dry.json().containsKey("shadow")).isFalse();
        Answer stored = riskgate.client().decision(event.getString("eventId"));
        assertThat(stored.status()).as(stored.body()).isEqualTo(404);
        // Nothing joined the history either: the real decision equals the dry run's.
        Answer live = riskgate.client().score(event);
        assertThat(live.json()).isEqualTo(dry.json().getJsonObject("active"));
    }

    @Test
    void analystKeyMayDryRunButNotReload() {
        JsonObject event = charge(unique("acct"), unique("dev"), 1000);

        Answer dry = as(TestKeys.ANALYST).post("/admin/score", event.encode(), "application/json");
        Answer reload = as(TestKeys.ANALYST).post("/admin/rules/reload", "", "application/json");
        Answer rules = as(TestKeys.ANALYST).get("/admin/rules");
        Answer gateway = as(TestKeys.API).post("/admin/score", event.encode(), "application/json");

        assertThat(dry.status()).as(dry.body()).isEqualTo(200);
        assertThat(reload.status()).as(reload.body()).isEqualTo(403);
        assertThat(rules.status()).as(rules.body()).isEqualTo(403);
        assertThat(gateway.status()).as(gateway.body()).isEqualTo(403);
    }

    @Test
    void refusesABadEventNamingTheField() {
        JsonObject event = charge(unique("acct"), unique("dev"), 1000).put("amount", -5);

        Answer dry = as(TestKeys.ADMIN).post("/admin/score", event.encode(), "application/json");
        Answer notJson = as(TestKeys.ADMIN).post("/admin/score", event.encode(), "text/plain");

        assertThat(dry.status()).as(dry.body()).isEqualTo(400);
        assertThat(dry.json().getString("field")).isEqualTo("amount");
        assertThat(notJson.status()).as(notJson.body()).isEqualTo(415);
    }

    private static RiskgateClient as(String key) {
        return RiskgateClient.withAuthorization(riskgate.service().port(), "Bearer " + key);
    }
}
