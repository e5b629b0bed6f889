package dev.riskgate.replay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.riskgate.decision.Verdict;
import dev.riskgate.event.ScoreRequestParser;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** replay --compare says what a changed rule adds over the active pack, not just how precise its hits are. */
class MarginalValueTest {

    private static final String NEW_RULE = "late night: large purchase from an untrusted device";
    private static final String OLD_RULE = "new device: never seen on this account";

    @Test
    void aNewRuleIsCreditedOnlyWithWhatTheActivePackDidNotAlreadyDo() {
        List<ReplayEvent> events = new ArrayList<>();
        List<PackReplay.Result> before = new ArrayList<>();
        List<PackReplay.Result> after = new ArrayList<>();
        Map<String, Labels.Label> labels = new HashMap<>();
        // Fraud the active pack allowed, now blocked by the new rule: newly stopped, a unique hit.
        add(events, before, after, labels, "f-new", "thief-1", true, 40_000,
                result(Verdict.ALLOW, true), result(Verdict.BLOCK, false, NEW_RULE));
        // Fraud the active pack already blocked: a hit, but it changes nothing.
        add(events, before, after, labels, "f-old", "thief-2", true, 30_000,
                result(Verdict.BLOCK, false, OLD_RULE), result(Verdict.BLOCK, false, OLD_RULE, NEW_RULE));
        // A legitimate customer the new rule now steps up.
        add(events, before, after, labels, "l-1", "owner-1", false, 9_000,
                result(Verdict.ALLOW, true), result(Verdict.STEP_UP, true, NEW_RULE));
        // Untouched traffic.
        add(events, before, after, labels, "l-2", "owner-2", false, 500, result(Verdict.ALLOW, true), result(Verdict.ALLOW, true));

        JsonObject marginal = MarginalValue.of(events, before.toArray(PackReplay.Result[]::new),
                after.toArray(PackReplay.Result[]::new), Labels.of(labels), 0);

        JsonArray rules = marginal.getJsonArray("rules");
        assertThat(rules).hasSize(1);
        JsonObject rule = rules.getJsonObject(0);
        assertThat(rule.getString("rule")).isEqualTo(NEW_RULE);
        assertThat(rule.getLong("hitsBefore")).isZero();
        assertThat(rule.getLong("hitsAfter")).isEqualTo(3);
        assertThat(rule.getLong("uniqueHits")).isEqualTo(2);
        assertThat(rule.getLong("decisionsChanged")).isEqualTo(2);
        assertThat(rule.getLong("fraudMoneyNewlyStopped")).isEqualTo(40_000);
        assertThat(rule.getDouble("fraudMoneyNewlyStoppedShare")).isEqualTo(40_000 / 70_000.0);
        assertThat(rule.getLong("legitNewlySteppedUp")).isEqualTo(1);
        assertThat(rule.getDouble("legitNewlySteppedUpShare")).isEqualTo(0.5);
        assertThat(rule.getString("warning")).contains("3 labelled event(s) and 2 attack account(s)");
        JsonObject pack = marginal.getJsonObject("pack");
        assertThat(pack.getLong("decisionsChanged")).isEqualTo(2);
        assertThat(pack.getLong("fraudMoneyNewlyAllowed")).isZero();
    }

    private static void add(List<ReplayEvent> events, List<PackReplay.Result> before, List<PackReplay.Result> after,
                            Map<String, Labels.Label> labels, String id, String account, boolean fraud, int amount,
                            PackReplay.Result a, PackReplay.Result b) {
        JsonObject wire = new JsonObject().put("eventId", id).put("type", "purchase").put("accountId", account)
                .put("deviceId", "d-" + account).put("storeId", "s").put("amount", amount).put("currency", "JPY")
                .put("occurredAt", "2019-07-01T01:00:00+09:00").put("items", new JsonArray().add(new JsonObject()
                        .put("sku", "x").put("quantity", 1).put("unitPrice", amount)));
        events.add(new ReplayEvent(new ScoreRequestParser(Clock.systemUTC()).parse(wire), List.of()));
        before.add(a);
        after.add(b);
        labels.put(id, new Labels.Label(fraud, "", ""));
    }

    private static PackReplay.Result result(Verdict verdict, boolean settled, String... rules) {
        return new PackReplay.Result(verdict, 0, List.of(rules), settled);
    }
}
