package dev.riskgate.http;

import static dev.riskgate.http.ScoreBodies.charge;
import static dev.riskgate.http.ScoreBodies.firedRules;
import static dev.riskgate.http.ScoreBodies.item;
import static dev.riskgate.http.ScoreBodies.purchase;
import static dev.riskgate.http.ScoreBodies.unique;
import static org.assertj.core.api.Assertions.assertThat;

import dev.riskgate.event.EventAge;
import dev.riskgate.http.RiskgateClient.Answer;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Live scoring takes events that are happening now (RISKGATE_MAX_EVENT_AGE, one hour by default): a
 * caller free to back-date could lay down the history that makes its device look like the owner's.
 */
class LateEventsTest {

    private static final String UNSEEN = "new device: never seen on this account";

    @RegisterExtension
    static final RunningRiskgate riskgate = new RunningRiskgate();

    /** A server that takes a year of history through the API, as the probe's did: the control. */
    @RegisterExtension
    static final RunningRiskgate wide = RunningRiskgate.with(c -> c.withMaxEventAge(new EventAge(Duration.ofDays(400))));

    @Test
    void anEventOlderThanTheWindowIsRefusedNamingItAndChangesNothing() {
        JsonObject late = charge(unique("acct"), unique("dev"), 1000)
                .put("occurredAt", Instant.now().minus(Duration.ofMinutes(61)).toString());

        Answer refused = riskgate.client().score(late);

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().getString("code")).isEqualTo("too_old");
        assertThat(refused.json().getString("field")).isEqualTo("occurredAt");
        assertThat(refused.json().getString("error")).contains("at most 1h old", "RISKGATE_MAX_EVENT_AGE", "import");
        assertThat(riskgate.client().decision(late.getString("eventId")).status()).isEqualTo(404);
    }

    /** A one-minute window, so that an event decided in time can be retried after it. */
    @RegisterExtension
    static final RunningRiskgate narrow = RunningRiskgate.with(c -> c.withMaxEventAge(new EventAge(Duration.ofMinutes(1))));

    /** A retry is safe however late it comes: the stored answer, byte for byte; a changed body is still a conflict. */
    @Test
    void aRetryOfAnEventDecidedInTimeGetsItsStoredAnswerAfterTheWindow() throws Exception {
        JsonObject event = charge(unique("acct"), unique("dev"), 1000)
                .put("occurredAt", Instant.now().minus(Duration.ofSeconds(50)).toString());
        Answer first = narrow.client().score(event);
        assertThat(first.status()).isEqualTo(200);

        Thread.sleep(12_000); // now more than a minute old
        JsonObject unseen = charge(unique("acct"), unique("dev"), 1000).put("occurredAt", event.getString("occurredAt"));
        assertThat(narrow.client().score(unseen).status()).as("a new event that old").isEqualTo(400);

        Answer retried = narrow.client().score(event);
        assertThat(retried.status()).isEqualTo(200);
        assertThat(retried.body()).isEqualTo(first.body());
        assertThat(narrow.client().score(event.copy().put("amount", 2000)).status()).as("changed body").isEqualTo(409);
    }

    @Test
    void anEventInsideTheWindowIsScored() {
        JsonObject recent = charge(unique("acct"), unique("dev"), 1000)
                .put("occurredAt", Instant.now().minus(Duration.ofMinutes(55)).toString());

        assertThat(riskgate.client().score(recent).status()).isEqualTo(200);
    }

    /**
     * The probe: a small top-up and purchase from the thief's device, dated weeks back, made that device
     * look known to the account, and the drain that followed lost its new-device points. Refused, they
     * leave the device as unseen as before.
     */
    @Test
    void backDatedEventsCannotMakeADeviceKnown() {
        assertThat(drainAfterBackDating(wide.client())).as("with a 400-day window the back-dated events count")
                .doesNotContain(UNSEEN);
        assertThat(drainAfterBackDating(riskgate.client())).contains(UNSEEN);
    }

    /** The rules the drain fires on an account with settled history, after back-dated events from the thief's device. */
    private static List<String> drainAfterBackDating(RiskgateClient client) {
        String account = unique("acct");
        String owner = unique("owner-phone");
        String thief = unique("thief-phone");
        assertThat(client.score(charge(account, owner, 5000)).json().getString("decision")).isEqualTo("ALLOW");
        assertThat(client.score(purchase(account, owner, item("food", 1, 600))).json().getString("decision")).isEqualTo("ALLOW");
        Instant weeksAgo = Instant.now().minus(Duration.ofDays(29));
        List<Integer> backDated = List.of(
                client.score(charge(account, thief, 1000).put("occurredAt", weeksAgo.toString())).status(),
                client.score(purchase(account, thief, item("food", 1, 500))
                        .put("occurredAt", weeksAgo.plus(Duration.ofHours(1)).toString())).status());
        assertThat(backDated).as("the back-dated events' answers").containsOnly(client == riskgate.client() ? 400 : 200);
        Answer drain = client.score(purchase(account, thief, item("tobacco", 4, 5000)));
        assertThat(drain.status()).isEqualTo(200);
        return firedRules(drain.json());
    }
}
