package dev.riskgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.riskgate.TestPaths;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The analyst commands, run as the jar runs them (picocli, exit codes, output). */
class CommandsTest {

    @Test
    void testCommandPassesOnTheShippedPack() {
        Cli run = run("test", "--rules", TestPaths.rules().toString(), TestPaths.testCases().toString());
        assertThat(run.exit()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).contains("0 failed").contains("pass");
    }

    @Test
    void testCommandShowsTheDifferenceAndFailsOnAWrongExpectation(@TempDir Path cases) throws Exception {
        Files.writeString(cases.resolve("wrong.yaml"), """
                name: "a small purchase is wrongly expected to block"
                start: "2019-07-01T10:00:00+09:00"
                steps:
                  - event: {id: e1, type: purchase, accountId: a, deviceId: d, storeId: s, amount: 500, currency: JPY}
                    expect: {decision: BLOCK, fired: ["velocity: burst of charges on the account"]}
                """);
        Cli run = run("test", "--rules", TestPaths.rules().toString(), cases.toString());
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out()).contains("FAIL").contains("decision: expected BLOCK, got ALLOW")
                .contains("rule expected to fire did not: \"velocity: burst of charges on the account\"")
                .contains("0 passed, 1 failed");
    }

    @Test
    void testCommandRefusesABrokenPack(@TempDir Path rules) throws Exception {
        TestPaths.copyRules(rules);
        Files.writeString(rules.resolve("velocity.drl"), "rule \"broken\" when then end end\n", java.nio.file.StandardOpenOption.APPEND);
        Cli run = run("test", "--rules", rules.toString(), TestPaths.testCases().toString());
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("velocity.drl");
    }

    @Test
    void replayReportsMixRulesAndLabelledOutcomesAndComparesTwoPacks(@TempDir Path dir) throws Exception {
        Path events = dir.resolve("events.jsonl");
        Path labels = dir.resolve("labels.csv");
        writeStream(events, labels);
        Path strict = dir.resolve("strict-rules");
        TestPaths.copyRules(strict);
        Path params = strict.resolve("parameters.properties");
        Files.writeString(params, Files.readString(params).replace("decision.step_up_at = 40", "decision.step_up_at = 10"));

        Cli run = run("replay", "--events", events.toString(), "--rules", TestPaths.rules().toString(),
                "--compare", strict.toString(), "--labels", labels.toString(), "--json");
        assertThat(run.exit()).as(run.err()).isZero();
        JsonObject report = new JsonObject(run.out());
        JsonObject active = report.getJsonObject("active");
        assertThat(active.getInteger("events")).isEqualTo(23);
        JsonObject l = active.getJsonObject("labels");
        assertThat(l.getLong("fraudEvents")).isEqualTo(2);
        assertThat(l.getDouble("fraudMoneyAllowed")).isZero();
        assertThat(l.getDouble("legitBlocked")).isZero();
        assertThat(active.getJsonArray("rules").stream().map(JsonObject.class::cast).map(r -> r.getString("rule")))
                .contains("tobacco bulk: many cartons in one purchase");
        JsonObject cmp = report.getJsonObject("comparison");
        assertThat(cmp.getInteger("changed")).isPositive();
        assertThat(cmp.getJsonObject("byTransition").fieldNames()).contains("ALLOW -> STEP_UP");
        assertThat(run.err()).contains("replay: done");

        Cli table = run("replay", "--events", events.toString(), "--rules", TestPaths.rules().toString(), "--labels", labels.toString());
        assertThat(table.out()).contains("fraud events 2").contains("legit events 21").contains("precision");
    }

    @Test
    void replayFromADateReportsOnlyLaterEventsButBuildsHistoryFromAll(@TempDir Path dir) throws Exception {
        Path events = dir.resolve("events.jsonl");
        Path labels = dir.resolve("labels.csv");
        writeStream(events, labels);

        Cli run = run("replay", "--events", events.toString(), "--labels", labels.toString(), "--json",
                "--from", "2019-07-23T00:00:00+09:00");
        assertThat(run.exit()).as(run.err()).isZero();
        JsonObject active = new JsonObject(run.out()).getJsonObject("active");
        assertThat(active.getInteger("events")).isEqualTo(2);
        assertThat(active.getJsonObject("labels").getLong("fraudEvents")).isEqualTo(2);
        assertThat(active.getJsonObject("labels").getLong("legitEvents")).isZero();
        // the victim's history before --from still made the attack's device unseen and its amount unusual
        assertThat(active.getJsonArray("rules").stream().map(JsonObject.class::cast).map(r -> r.getString("rule")))
                .contains("new device: never seen on this account");
    }

    @Test
    void replayListsTheCategoriesNobodyRecognisesMostFrequentFirst(@TempDir Path dir) throws Exception {
        Path events = dir.resolve("events.jsonl");
        OffsetDateTime start = OffsetDateTime.parse("2019-07-01T12:00:00+09:00");
        List<String> lines = new ArrayList<>();
        String[] categories = {"Kiosk Misc", "beverage", "Kiosk Misc", "tabako-x", "Gift Card"};
        for (int i = 0; i < categories.length; i++) {
            JsonObject e = event("buy-" + i, "purchase", "acct", "phone", start.plusHours(i).toString(), 500).put("storeId", "s")
                    .put("items", new JsonArray().add(new JsonObject().put("sku", "x" + i).put("category", categories[i])
                            .put("quantity", 1).put("unitPrice", 500)));
            lines.add(new JsonObject().put("kind", "score").put("event", e).encode());
        }
        Files.write(events, lines);

        Cli run = run("replay", "--events", events.toString(), "--json");
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(new JsonObject(run.out()).getJsonArray("unrecognisedCategories")).containsExactly(
                new JsonObject().put("category", "Kiosk Misc").put("items", 2),
                new JsonObject().put("category", "tabako-x").put("items", 1));
        assertThat(run("replay", "--events", events.toString()).out())
                .contains("categories categories.csv does not recognise").contains("\"Kiosk Misc\"");
    }

    @Test
    void everyCommandHasHelp() {
        for (String command : List.of("serve", "test", "replay", "publish")) {
            Cli run = run(command, "--help");
            assertThat(run.exit()).isZero();
            assertThat(run.out()).contains("Usage: riskgate " + command);
        }
    }

    /** A victim with 20 daily purchases, then an unseen device drains a top-up on cartons. */
    private static void writeStream(Path events, Path labels) throws Exception {
        OffsetDateTime start = OffsetDateTime.parse("2019-07-01T12:00:00+09:00");
        List<String> lines = new ArrayList<>();
        List<String> labelLines = new ArrayList<>(List.of("eventId,label,campaign"));
        for (int i = 0; i < 21; i++) {
            JsonObject e = event("buy-" + i, "purchase", "victim", "phone", start.plusDays(i).toString(), 800)
                    .put("storeId", "home").put("items", new JsonArray().add(new JsonObject().put("sku", "bento").put("quantity", 1).put("unitPrice", 800)));
            lines.add(new JsonObject().put("kind", "score").put("event", e).encode());
            labelLines.add("buy-" + i + ",legit,");
        }
        OffsetDateTime attack = start.plusDays(22);
        lines.add(new JsonObject().put("kind", "score").put("event",
                event("atk-charge", "charge", "victim", "emulator", attack.toString(), 90000).put("fundingSource", "card")).encode());
        lines.add(new JsonObject().put("kind", "score").put("event",
                event("atk-buy", "purchase", "victim", "emulator", attack.plusMinutes(40).toString(), 90000).put("storeId", "far")
                        .put("items", new JsonArray().add(new JsonObject().put("sku", "c").put("category", "tobacco").put("quantity", 18).put("unitPrice", 5000)))).encode());
        labelLines.add("atk-charge,fraud,takeover-drain");
        labelLines.add("atk-buy,fraud,takeover-drain");
        // A line the API would refuse is counted, not fatal.
        lines.add("{\"kind\":\"score\",\"event\":{\"eventId\":\"bad\"}}");
        java.util.Collections.reverse(lines); // replay sorts by event time
        Files.write(events, lines);
        Files.write(labels, labelLines);
    }

    private static JsonObject event(String id, String type, String account, String device, String at, long amount) {
        return new JsonObject().put("eventId", id).put("type", type).put("accountId", account).put("deviceId", device)
                .put("occurredAt", at).put("amount", amount).put("currency", "JPY");
    }

    private static Cli run(String... args) {
        return Cli.run(args);
    }
}
