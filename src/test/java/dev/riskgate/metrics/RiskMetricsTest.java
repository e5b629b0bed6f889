package dev.riskgate.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.riskgate.decision.Decision;
import dev.riskgate.decision.FeedbackOutcome;
import dev.riskgate.decision.Reason;
import dev.riskgate.decision.Verdict;
import dev.riskgate.event.EventType;
import dev.riskgate.decision.DegradedReason;
import dev.riskgate.scoring.Scored;
import java.util.List;
import org.junit.jupiter.api.Test;

class RiskMetricsTest {

    private final RiskMetrics metrics = new RiskMetrics();

    @Test
    void knownLabelValuesAreExportedAtZeroBeforeAnyEvent() {
        String scrape = metrics.scrape();

        assertThat(scrape)
                .contains("riskgate_decisions_total{decision=\"step_up\",type=\"charge\"} 0.0")
                .contains("riskgate_decisions_total{decision=\"block\",type=\"purchase\"} 0.0")
                .contains("riskgate_feedback_total{outcome=\"step_up_passed\"} 0.0")
                .contains("riskgate_feedback_total{outcome=\"fraud\"} 0.0")
                .contains("riskgate_rule_pack_reloads_total{result=\"success\"} 0.0")
                .contains("riskgate_rule_pack_reloads_total{result=\"rejected\"} 0.0")
                .contains("riskgate_shadow_decisions_total{active=\"allow\",shadow=\"block\"} 0.0")
                .contains("riskgate_shadow_comparisons_total{result=\"disagree\"} 0.0")
                .contains("riskgate_scoring_stage_duration_seconds_count{stage=\"evaluate\"} 0");
    }

    @Test
    void degradedAnswersAreCountedByReasonFromZero() {
        assertThat(metrics.scrape())
                .contains("riskgate_degraded_decisions_total{reason=\"deadline\"} 0.0")
                .contains("riskgate_degraded_decisions_total{reason=\"store_unavailable\"} 0.0");

        metrics.degraded(DegradedReason.DEADLINE, 100_000_000);

        assertThat(metrics.scrape())
                .contains("riskgate_degraded_decisions_total{reason=\"deadline\"} 1.0")
                .contains("riskgate_degraded_decisions_total{reason=\"store_unavailable\"} 0.0")
                .contains("riskgate_scoring_duration_seconds_count 1");
    }

    @Test
    void latencyHistogramHasABucketAtTheObjective() {
        assertThat(metrics.scrape()).contains("riskgate_scoring_duration_seconds_bucket{le=\"0.05\"}");
    }

    @Test
    void newDecisionCountsOutcomeRulesScoreAndStages() {
        Decision d = new Decision("evt-1", Verdict.STEP_UP, 50,
                List.of(new Reason("tobacco bulk: many cartons in one purchase", 40, "6 cartons")), "v1");

        metrics.scored(new Scored(d, false, EventType.PURCHASE, 1_000, 2_000, 3_000, null, List.of()), 10_000_000);

        assertThat(metrics.scrape())
                .contains("riskgate_decisions_total{decision=\"step_up\",type=\"purchase\"} 1.0")
                .contains("riskgate_rules_fired_total{rule=\"tobacco bulk: many cartons in one purchase\"} 1.0")
                .contains("riskgate_score_count 1")
                .contains("riskgate_scoring_stage_duration_seconds_count{stage=\"write\"} 1")
                .contains("riskgate_scoring_duration_seconds_count 1");
    }

    @Test
    void retryCountsAsRetryNotAsDecision() {
        Decision d = new Decision("evt-1", Verdict.ALLOW, 0, List.of(), "v1");

        metrics.scored(new Scored(d, true, EventType.CHARGE, 1_000, 0, 0, null, List.of()), 1_000_000);

        assertThat(metrics.scrape())
                .contains("riskgate_retries_total{type=\"charge\"} 1.0")
                .contains("riskgate_decisions_total{decision=\"allow\",type=\"charge\"} 0.0")
                .contains("riskgate_scoring_stage_duration_seconds_count{stage=\"evaluate\"} 0");
    }

    @Test
    void shadowCountsTheDecisionPairAndWhetherTheyAgree() {
        metrics.shadow(Verdict.ALLOW, Verdict.STEP_UP);
        metrics.shadow(Verdict.BLOCK, Verdict.BLOCK);

        assertThat(metrics.scrape())
                .contains("riskgate_shadow_decisions_total{active=\"allow\",shadow=\"step_up\"} 1.0")
                .contains("riskgate_shadow_decisions_total{active=\"block\",shadow=\"block\"} 1.0")
                .contains("riskgate_shadow_comparisons_total{result=\"agree\"} 1.0")
                .contains("riskgate_shadow_comparisons_total{result=\"disagree\"} 1.0");
    }

    @Test
    void reloadCountsByResult() {
        metrics.reload("success");
        metrics.reload("rejected");
        metrics.reload("rejected");

        assertThat(metrics.scrape())
                .contains("riskgate_rule_pack_reloads_total{result=\"success\"} 1.0")
                .contains("riskgate_rule_pack_reloads_total{result=\"rejected\"} 2.0");
    }

    @Test
    void reloadRefusesAnUnknownResult() {
        assertThatThrownBy(() -> metrics.reload("loaded"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("loaded");
    }

    @Test
    void activePackKeepsExactlyOneInfoRow() {
        metrics.activePack("aaa111");
        metrics.activePack("bbb222");

        assertThat(metrics.scrape())
                .contains("riskgate_rule_pack_info{version=\"bbb222\"} 1")
                .doesNotContain("version=\"aaa111\"");
    }

    @Test
    void feedbackCountsByLowercaseOutcome() {
        metrics.feedback(FeedbackOutcome.STEP_UP_FAILED);

        assertThat(metrics.scrape()).contains("riskgate_feedback_total{outcome=\"step_up_failed\"} 1.0");
    }
}
