package dev.riskgate.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.riskgate.TestPaths;
import dev.riskgate.decision.Decision;
import dev.riskgate.decision.Reason;
import dev.riskgate.decision.Verdict;
import dev.riskgate.decisionlog.DecisionLog;
import dev.riskgate.decisionlog.Retention;
import dev.riskgate.event.ScoreRequest;
import dev.riskgate.event.ScoreRequestParser;
import dev.riskgate.metrics.RiskMetrics;
import dev.riskgate.rules.RulePack;
import dev.riskgate.rules.RulePackLoader;
import dev.riskgate.rules.RulePackRejected;
import dev.riskgate.state.memory.MemoryStateStore;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A rule marked {@code @mode("log")} is staged: it fires and is logged, counted and reported, but the
 * answer the gateway gets (verdict, score, reasons) is the one the pack gives without it.
 */
class StagedRuleTest {

    private static final String RULE = "staged: every top-up, watched before it counts";
    private static final String DRL = """
            package riskgate.rules;

            import dev.riskgate.rules.facts.WalletEvent;
            import dev.riskgate.rules.facts.EventKind;

            global dev.riskgate.rules.Parameters params;
            global dev.riskgate.rules.Scorecard score;

            rule "%s" @family("staged_probe") @mode("%s")
            when
                WalletEvent(type == EventKind.CHARGE)
            then
                score.add(params.get("staged_probe.points"), "a top-up");
            end
            """;

    @TempDir
    Path dir;

    @Test
    void aLogOnlyRuleFiresButLeavesTheAnswerAsItWas() throws Exception {
        try (RulePack plain = new RulePackLoader(Clock.systemUTC()).load(TestPaths.rules());
             RulePack staged = new RulePackLoader(Clock.systemUTC()).load(packWith("log"))) {
            assertThat(staged.logOnlyRules()).containsExactly(RULE);
            Decision without = score(plain, charge("e1"));
            Decision with = score(staged, charge("e1"));

            assertThat(with.decision()).isEqualTo(without.decision());
            assertThat(with.score()).isEqualTo(without.score());
            assertThat(with.reasons()).isEqualTo(without.reasons());
            assertThat(with.staged()).containsExactly(new Reason(RULE, 90, "a top-up"));
            assertThat(without.staged()).isEmpty();
        }
    }

    @Test
    void aScenarioMayExpectAStagedRuleToFire() throws Exception {
        Path cases = Files.createDirectories(dir.resolve("cases"));
        Path file = Files.writeString(cases.resolve("staged.yaml"), """
                name: "the staged rule fires on a top-up and the answer stays ALLOW"
                start: "2019-07-01T10:00:00+09:00"
                steps:
                  - event: {id: e1, type: charge, at: 0m, accountId: a, deviceId: d, amount: 500, currency: JPY}
                    expect: {decision: ALLOW, fired: ["%s"]}
                """.formatted(RULE));
        try (RulePack staged = new RulePackLoader(Clock.systemUTC()).load(packWith("log"))) {
            dev.riskgate.scenarios.ScenarioRunner.Result result = new dev.riskgate.scenarios.ScenarioRunner(staged)
                    .run(dev.riskgate.scenarios.ScenarioFile.load(file));
            assertThat(result.failures()).isEmpty();
            assertThat(result.answers().get(0).fired()).contains(RULE + " (log only)");
        }
    }

    @Test
    void theSameRuleWithoutModeCounts() throws Exception {
        Path rules = packWith("log");
        Files.writeString(rules.resolve("staged.drl"), Files.readString(rules.resolve("staged.drl")).replace(" @mode(\"log\")", ""));
        try (RulePack counting = new RulePackLoader(Clock.systemUTC()).load(rules)) {
            Decision d = score(counting, charge("e1"));
            assertThat(d.decision()).isEqualTo(Verdict.BLOCK);
            assertThat(d.reasons()).extracting(Reason::rule).contains(RULE);
            assertThat(d.staged()).isEmpty();
        }
    }

    @Test
    void aModeOtherThanLogIsRefusedWithFileAndRule() throws Exception {
        Path rules = packWith("lgo");
        assertThatThrownBy(() -> new RulePackLoader(Clock.systemUTC()).load(rules)).isInstanceOf(RulePackRejected.class)
                .satisfies(e -> assertThat(((RulePackRejected) e).errors()).singleElement().satisfies(error -> {
                    assertThat(error.file()).isEqualTo("staged.drl");
                    assertThat(error.rule()).isEqualTo(RULE);
                    assertThat(error.message()).contains("@mode must be \"log\"", "'lgo'");
                }));
    }

    @Test
    void theDecisionLogAndMetricsCarryTheStagedRuleAndNotTheAnswer() throws Exception {
        try (RulePack staged = new RulePackLoader(Clock.systemUTC()).load(packWith("log"))) {
            ScoreRequest request = charge("e1");
            Decision decision = score(staged, request);
            Scored scored = new Scored(decision, false, request.type(), 0, 0, 0, null, List.of());
            Path data = Files.createDirectories(dir.resolve("data"));
            try (DecisionLog log = DecisionLog.open(data, Retention.defaults(), Clock.systemUTC())) {
                log.decided(DecisionEnvelope.decided(request, scored));
            }
            JsonObject line = new JsonObject(lines(data).get(0));
            assertThat(line.getJsonArray("staged").getJsonObject(0).getString("rule")).isEqualTo(RULE);
            assertThat(line.getJsonArray("staged").getJsonObject(0).getInteger("points")).isEqualTo(90);
            assertThat(line.getJsonObject("answer").encode()).doesNotContain(RULE);

            RiskMetrics metrics = new RiskMetrics();
            metrics.scored(scored, 1_000_000);
            assertThat(metrics.scrape()).contains("riskgate_rules_staged_fired_total{rule=\"" + RULE + "\"} 1.0")
                    .doesNotContain("riskgate_rules_fired_total{rule=\"" + RULE + "\"}");
        }
    }

    @Test
    void aShadowLineSaysWhetherThePacksAgreeAndWhichRulesDiffer() throws Exception {
        Decision active = new Decision("e1", Verdict.ALLOW, 25, List.of(new Reason("a", 25, "x")), "v1");
        Decision shadow = new Decision("e1", Verdict.STEP_UP, 45, List.of(new Reason("a", 25, "x"), new Reason("b", 20, "y")), "v2");
        Path data = Files.createDirectories(dir.resolve("data"));
        try (DecisionLog log = DecisionLog.open(data, Retention.defaults(), Clock.systemUTC())) {
            log.shadow(active, shadow);
            log.shadow(active, active);
        }
        JsonObject differ = new JsonObject(lines(data).get(0));
        JsonObject same = new JsonObject(lines(data).get(1));
        assertThat(differ.getBoolean("agree")).isFalse();
        assertThat(differ.getJsonArray("onlyShadow").getList()).containsExactly("b");
        assertThat(differ.getJsonArray("onlyActive").getList()).isEmpty();
        assertThat(same.getBoolean("agree")).isTrue();
    }

    private Path packWith(String mode) throws Exception {
        Path rules = TestPaths.copyRules(dir.resolve("rules-" + mode));
        Files.writeString(rules.resolve("staged.drl"), DRL.formatted(RULE, mode));
        Files.writeString(rules.resolve("parameters.properties"), "\nstaged_probe.points = 90\n", StandardOpenOption.APPEND);
        return rules;
    }

    private static Decision score(RulePack pack, ScoreRequest request) {
        try (MemoryStateStore store = new MemoryStateStore()) {
            return new Scorer(store, () -> pack, Clock.systemUTC()).score(request).decision();
        }
    }

    private static ScoreRequest charge(String id) {
        return new ScoreRequestParser(Clock.systemUTC()).parse(new JsonObject().put("eventId", id).put("type", "charge")
                .put("accountId", "a").put("deviceId", "d").put("amount", 500).put("currency", "JPY")
                .put("occurredAt", "2019-07-01T10:00:00+09:00"));
    }

    private static List<String> lines(Path data) throws Exception {
        try (Stream<Path> files = Files.list(data.resolve(DecisionLog.DIR))) {
            Path file = files.filter(p -> p.toString().endsWith(".jsonl")).sorted().findFirst().orElseThrow();
            return Files.readAllLines(file);
        }
    }
}
