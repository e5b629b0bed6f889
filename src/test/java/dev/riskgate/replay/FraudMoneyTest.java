package dev.riskgate.replay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.riskgate.decision.Verdict;
import dev.riskgate.event.ScoreRequest;
import dev.riskgate.event.ScoreRequestParser;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The yen a thief tops up and then spends is counted once: what left the wallet (purchases), with the
 * top-ups charged to the card reported apart. The table keeps its columns whatever a rule is called.
 */
class FraudMoneyTest {

    private static final String LONG_RULE = "charge then spend: a top-up from a device never seen, drained within the hour at a new store";

    @Test
    void aTopUpAndItsSpendAreNotCountedTwice() {
        List<ReplayEvent> events = List.of(event("topup", "charge", 50_000), event("spend", "purchase", 50_000),
                event("spend-2", "purchase", 20_000));
        PackReplay.Result[] results = {
                new PackReplay.Result(Verdict.ALLOW, 10, List.of(), true),
                new PackReplay.Result(Verdict.ALLOW, 30, List.of(LONG_RULE), true),
                new PackReplay.Result(Verdict.BLOCK, 90, List.of(LONG_RULE), false)};
        Labels labels = Labels.of(Map.of(
                "topup", new Labels.Label(true, "", ""),
                "spend", new Labels.Label(true, "", ""),
                "spend-2", new Labels.Label(true, "", "")));

        JsonObject l = ReplayReport.summarize("v1", events, results, labels, 0).getJsonObject("labels");

        assertThat(l.getLong("fraudMoney")).as("purchases only: what left the wallet").isEqualTo(70_000);
        assertThat(l.getLong("fraudMoneyAllowedAmount")).isEqualTo(50_000);
        assertThat(l.getDouble("fraudMoneyAllowed")).isEqualTo(50_000 / 70_000.0);
        assertThat(l.getLong("fraudTopUps")).isEqualTo(50_000);
        assertThat(l.getLong("fraudTopUpsCharged")).isEqualTo(50_000);
    }

    @Test
    void theTableStatesTheSecondFactorAssumptionAndKeepsColumnsForLongRuleNames() {
        List<ReplayEvent> events = List.of(event("spend", "purchase", 50_000));
        PackReplay.Result[] results = {new PackReplay.Result(Verdict.STEP_UP, 45, List.of(LONG_RULE, "short"), false)};
        JsonObject report = new JsonObject().put("phishedShare", 0.3)
                .put("active", ReplayReport.summarize("v1", events, results, null, 0));

        String table = ReplayReport.table(report);

        assertThat(table).contains("second factor: 30% of stepped-up attackers pass it with a phished code");
        List<String> rows = table.lines().filter(line -> line.contains(LONG_RULE) || line.contains("short")
                || line.contains("precision")).toList();
        assertThat(rows).hasSize(3);
        int column = rows.get(0).indexOf("hits") + "hits".length();
        for (String row : rows.subList(1, 3)) {
            assertThat(row.charAt(column - 1)).as("hits column ends at the same place in:\n" + row).isEqualTo('1');
        }
    }

    private static ReplayEvent event(String id, String type, int amount) {
        JsonObject wire = new JsonObject().put("eventId", id).put("type", type).put("accountId", "victim")
                .put("deviceId", "thief").put("amount", amount).put("currency", "JPY")
                .put("occurredAt", "2019-07-01T10:00:00+09:00");
        if (type.equals("purchase")) {
            wire.put("storeId", "s").put("items", new io.vertx.core.json.JsonArray().add(new JsonObject()
                    .put("sku", "x").put("quantity", 1).put("unitPrice", amount)));
        }
        ScoreRequest request = new ScoreRequestParser(Clock.systemUTC()).parse(wire);
        return new ReplayEvent(request, List.of());
    }
}
