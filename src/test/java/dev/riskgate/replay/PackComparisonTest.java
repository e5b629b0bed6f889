package dev.riskgate.replay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.riskgate.decision.Verdict;
import dev.riskgate.event.ScoreRequestParser;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** evaluate sums one comparison per cell; the sum is what one comparison over all the cells would say. */
class PackComparisonTest {

    private static final String RULE = "new rule";

    @Test
    void cellsAddUpAndTellTheirAttackAccountsApart() {
        // Two cells (two simulated worlds) that both happen to call their victim "victim-1": two attack accounts.
        List<ReplayEvent> stream = List.of(purchase("e1", 20_000), purchase("e2", 10_000));
        PackReplay.Result[] before = {result(Verdict.ALLOW, true), result(Verdict.ALLOW, true)};
        PackReplay.Result[] after = {result(Verdict.BLOCK, false, RULE), result(Verdict.ALLOW, true)};
        Labels labels = Labels.of(Map.of("e1", new Labels.Label(true, "", ""), "e2", new Labels.Label(true, "", "")));
        PackComparison all = new PackComparison(1);
        all.absorb(new PackComparison(1).add("baseline/1", stream, before, after, labels, 0));
        all.absorb(new PackComparison(1).add("eventful-life/1", stream, before, after, labels, 0));

        JsonObject json = all.json();

        assertThat(json.getLong("changed")).isEqualTo(2);
        assertThat(json.getDouble("share")).isEqualTo(0.5);
        assertThat(json.getJsonObject("byTransition").getInteger("ALLOW -> BLOCK")).isEqualTo(2);
        assertThat(json.getJsonArray("sample")).hasSize(1);
        assertThat(json.getJsonArray("sample").getJsonObject(0).getString("cell")).isEqualTo("baseline/1");
        JsonObject pack = json.getJsonObject("marginal").getJsonObject("pack");
        assertThat(pack.getLong("attackAccounts")).isEqualTo(2);
        assertThat(pack.getLong("fraudMoneyNewlyStopped")).isEqualTo(40_000);
        assertThat(pack.getDouble("fraudMoneyNewlyStoppedShare")).isEqualTo(40_000 / 60_000.0);
        JsonArray rules = json.getJsonObject("marginal").getJsonArray("rules");
        assertThat(rules).hasSize(1);
        assertThat(rules.getJsonObject(0).getLong("uniqueHits")).isEqualTo(2);
        assertThat(PackComparison.text(json)).contains("decisions changed: 2 (50.000%)", "  ALLOW -> BLOCK",
                "  new rule (hits 0 -> 2, 2 unique)", "baseline/1 e1: ALLOW 0 -> BLOCK 0");
    }

    @Test
    void oneLegitimateCustomerAmongMillionsIsNotPrintedAsNone() {
        // evaluate sums hundreds of thousands of events: one newly blocked customer must not read "0.000%".
        String line = PackComparison.text(new JsonObject().put("changed", 1L).put("share", 1 / 400_000.0)
                .put("byTransition", new JsonObject()).put("sample", new JsonArray())
                .put("marginal", new JsonObject().put("rules", new JsonArray()).put("pack", new JsonObject()
                        .put("decisionsChanged", 1L).put("fraudMoneyNewlyStopped", 0L).put("fraudMoneyNewlyStoppedShare", 0.0)
                        .put("fraudMoneyNewlyAllowed", 0L).put("fraudMoneyNewlyAllowedShare", 0.0)
                        .put("legitNewlySteppedUp", 0L).put("legitNewlySteppedUpShare", 0.0)
                        .put("legitNewlyBlocked", 1L).put("legitNewlyBlockedShare", 1 / 400_000.0))));

        assertThat(line).contains("decisions changed: 1 (<0.001%)", "newly blocked 1 (<0.001%)",
                "legit newly stepped up 0 (0.000%)");
    }

    private static ReplayEvent purchase(String id, int amount) {
        JsonObject wire = new JsonObject().put("eventId", id).put("type", "purchase").put("accountId", "victim-1")
                .put("deviceId", "thief").put("storeId", "s").put("amount", amount).put("currency", "JPY")
                .put("occurredAt", "2019-07-01T10:00:00+09:00").put("items", new JsonArray().add(new JsonObject()
                        .put("sku", "x").put("quantity", 1).put("unitPrice", amount)));
        return new ReplayEvent(new ScoreRequestParser(Clock.systemUTC()).parse(wire), List.of());
    }

    private static PackReplay.Result result(Verdict verdict, boolean settled, String... rules) {
        return new PackReplay.Result(verdict, 0, List.of(rules), settled);
    }
}
