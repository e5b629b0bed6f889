package dev.riskgate.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.riskgate.TestPaths;
import dev.riskgate.decision.Alert;
import dev.riskgate.decision.Decision;
import dev.riskgate.decision.Verdict;
import dev.riskgate.event.ScoreRequest;
import dev.riskgate.event.ScoreRequestParser;
import dev.riskgate.rules.RulePack;
import dev.riskgate.rules.RulePackLoader;
import dev.riskgate.state.memory.MemoryStateStore;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Alerts ride on the decision and never change it: the same events get the same verdicts, scores and
 * reasons with the alert rules gone; a kind switched off is not raised; a log-only rule raises nothing;
 * a retry raises nothing again.
 */
class HolderAlertsTest {

    @TempDir
    Path dir;

    @Test
    void alertsChangeNoVerdictScoreOrReason() throws Exception {
        Path without = TestPaths.copyRules(dir.resolve("without"));
        Files.delete(without.resolve("alerts.drl"));
        try (RulePack shipped = load(TestPaths.rules()); RulePack silent = load(without)) {
            List<Decision> with = takeover(shipped);
            List<Decision> none = takeover(silent);
            assertThat(with).flatExtracting(Decision::alerts).extracting(Alert::kind)
                    .contains("unfamiliar-device-top-up", "top-up-burst", "block");
            for (int i = 0; i < with.size(); i++) {
                assertThat(with.get(i).decision()).isEqualTo(none.get(i).decision());
                assertThat(with.get(i).score()).isEqualTo(none.get(i).score());
                assertThat(with.get(i).reasons()).isEqualTo(none.get(i).reasons());
            }
            // Without the rules only the verdicts speak.
            assertThat(none).flatExtracting(Decision::alerts).extracting(Alert::kind)
                    .doesNotContain("unfamiliar-device-top-up", "top-up-burst");
        }
    }

    @Test
    void theBurstIsToldOnceWithItsCountAndTotal() throws Exception {
        try (RulePack shipped = load(TestPaths.rules())) {
            List<Alert> bursts = takeover(shipped).stream().flatMap(d -> d.alerts().stream())
                    .filter(a -> a.kind().equals("top-up-burst")).toList();
            assertThat(bursts).singleElement().satisfies(a -> {
                assertThat(a.message()).isEqualTo("3 top-ups totalling 90000 JPY in 4 minutes");
                assertThat(a.rule()).isEqualTo("alert: burst of top-ups");
            });
        }
    }

    @Test
    void aKindSwitchedOffIsNotRaised() throws Exception {
        Path off = TestPaths.copyRules(dir.resolve("off"));
        Path params = off.resolve("parameters.properties");
        Files.writeString(params, Files.readString(params).replace("alerts.off =", "alerts.off = top-up-burst, block"));
        try (RulePack pack = load(off)) {
            List<Alert> raised = takeover(pack).stream().flatMap(d -> d.alerts().stream()).toList();
            assertThat(raised).extracting(Alert::kind).contains("unfamiliar-device-top-up")
                    .doesNotContain("top-up-burst", "block");
        }
    }

    @Test
    void aLogOnlyRuleRaisesNothing() throws Exception {
        Path staged = TestPaths.copyRules(dir.resolve("staged"));
        Files.writeString(staged.resolve("alerts.drl"), Files.readString(staged.resolve("alerts.drl"))
                .replace("@family(\"alert\")", "@family(\"alert\") @mode(\"log\")"));
        try (RulePack pack = load(staged)) {
            assertThat(takeover(pack)).flatExtracting(Decision::alerts).extracting(Alert::kind)
                    .doesNotContain("unfamiliar-device-top-up", "top-up-burst");
        }
    }

    @Test
    void aRetryRaisesNothingAgain() throws Exception {
        try (RulePack pack = load(TestPaths.rules()); MemoryStateStore store = new MemoryStateStore()) {
            Scorer scorer = new Scorer(store, () -> pack, Clock.systemUTC());
            history(scorer);
            ScoreRequest thief = charge("thief-1", "thief-phone", 30000, "2019-07-04T11:00:00+09:00");
            assertThat(scorer.score(thief).decision().alerts()).isNotEmpty();
            Scored retry = scorer.score(thief);
            assertThat(retry.replayed()).isTrue();
            assertThat(retry.decision().alerts()).isEmpty();
        }
    }

    @Test
    void theDecisionLogLineCarriesTheAlertsBesideTheAnswer() throws Exception {
        try (RulePack pack = load(TestPaths.rules()); MemoryStateStore store = new MemoryStateStore()) {
            Path data = Files.createDirectories(dir.resolve("data"));
            try (dev.riskgate.decisionlog.DecisionLog log = dev.riskgate.decisionlog.DecisionLog.open(data,
                    dev.riskgate.decisionlog.Retention.defaults(), Clock.systemUTC())) {
                Scorer scorer = new Scorer(store, () -> pack, Clock.systemUTC(), List.of(log));
                history(scorer);
                scorer.score(charge("thief-1", "thief-phone", 30000, "2019-07-04T11:00:00+09:00"));
            }
            List<String> lines;
            try (java.util.stream.Stream<Path> files = Files.list(data.resolve(dev.riskgate.decisionlog.DecisionLog.DIR))) {
                lines = Files.readAllLines(files.filter(p -> p.toString().endsWith(".jsonl")).findFirst().orElseThrow());
            }
            JsonObject last = new JsonObject(lines.get(lines.size() - 1));
            assertThat(last.getJsonArray("alerts").stream().map(a -> ((JsonObject) a).getString("kind")))
                    .contains("unfamiliar-device-top-up", "step-up");
            assertThat(last.getJsonObject("answer").encode()).doesNotContain("unfamiliar-device-top-up");
            assertThat(new JsonObject(lines.get(0)).containsKey("alerts")).isFalse();
        }
    }

    /** An owner's month, then a thief's handset tops up four times in six minutes. */
    private static List<Decision> takeover(RulePack pack) {
        try (MemoryStateStore store = new MemoryStateStore()) {
            Scorer scorer = new Scorer(store, () -> pack, Clock.systemUTC());
            history(scorer);
            List<Decision> out = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                out.add(scorer.score(charge("thief-" + i, "thief-phone", 30000,
                        "2019-07-04T11:0" + (2 * i) + ":00+09:00")).decision());
            }
            assertThat(out.get(3).decision()).isEqualTo(Verdict.BLOCK);
            return out;
        }
    }

    private static void history(Scorer scorer) {
        for (int day = 20; day >= 1; day--) {
            String at = java.time.OffsetDateTime.parse("2019-07-04T10:00:00+09:00").minusDays(day).toString();
            scorer.score(new ScoreRequestParser(Clock.systemUTC()).parse(new JsonObject().put("eventId", "h-" + day)
                    .put("type", "purchase").put("accountId", "victim").put("deviceId", "owner-phone")
                    .put("storeId", "store-home").put("amount", 1500).put("currency", "JPY").put("occurredAt", at)
                    .put("items", new io.vertx.core.json.JsonArray().add(new JsonObject().put("sku", "general")
                            .put("quantity", 1).put("unitPrice", 1500)))));
            if (day % 7 == 0) {
                scorer.score(charge("hc-" + day, "owner-phone", 10000, at.replace("T10", "T09")));
            }
        }
    }

    private static ScoreRequest charge(String id, String device, int amount, String at) {
        return new ScoreRequestParser(Clock.systemUTC()).parse(new JsonObject().put("eventId", id).put("type", "charge")
                .put("accountId", "victim").put("deviceId", device).put("amount", amount).put("currency", "JPY")
                .put("fundingSource", "card").put("occurredAt", at));
    }

    private static RulePack load(Path rules) throws Exception {
        return new RulePackLoader(Clock.systemUTC()).load(rules);
    }
}
