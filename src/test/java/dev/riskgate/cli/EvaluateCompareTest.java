package dev.riskgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.riskgate.TestPaths;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * evaluate --compare gives replay --compare's marginal-value report over simulated worlds: what a
 * candidate pack adds per changed rule and for the whole pack, with its second-factor assumption stated.
 */
class EvaluateCompareTest {

    /** Over 64 characters, so the report must not put it in a fixed-width column. */
    static final String RULE = "probe: every purchase of a few thousand yen or more asks for a second factor, whoever pays";

    @TempDir
    Path dir;

    @Test
    void reportsWhatACandidateRuleAddsPerRuleAndForThePack() throws Exception {
        Path candidate = candidateWithProbeRule(dir.resolve("candidate"));

        Cli run = Cli.run("evaluate", "--rules", TestPaths.rules().toString(), "--compare", candidate.toString(),
                "--seeds", "tuning", "--worlds", "baseline", "--accounts", "100", "--days", "5", "--phished", "0.5");

        assertThat(run.exit()).as(run.err()).isZero();
        String md = run.out();
        assertThat(md).contains("# Pack comparison",
                "second factor: 50% of stepped-up attackers pass it with a phished code", "(--phished 0.5)",
                "Labels: the simulation's ground truth",
                "| baseline | 101 |", "| baseline | 102 |", "| baseline | 103 |",
                "## What the candidate adds, all cells", "what the candidate adds (per changed rule",
                "  whole pack\n", "  " + RULE + " (hits 0 -> ", "**baseline**");
        assertThat(md).doesNotContain("## Matrix");
        // The probe steps up purchases the shipped pack allowed: unique hits, and legitimate customers stepped up.
        String ruleLine = md.lines().filter(l -> l.startsWith("  " + RULE)).findFirst().orElseThrow();
        assertThat(ruleLine).doesNotContain(", 0 unique)");
        String figures = md.substring(md.indexOf(ruleLine) + ruleLine.length()).lines().skip(1).findFirst().orElseThrow();
        assertThat(figures).containsPattern("legit newly stepped up [1-9][0-9]* \\([0-9.]+%\\)");
        assertThat(md).containsPattern("decisions changed: [1-9][0-9]* \\(");
        // Every cell has attackers, so the report counts their money; the crude rule stops some of it.
        assertThat(md).containsPattern("fraud money newly stopped [1-9][0-9,]* \\([0-9.]+%\\)");
        assertThat(run.err()).contains("two packs", "decisions changed");
    }

    @Test
    void aPackComparedWithItselfChangesNothing() {
        Cli run = Cli.run("evaluate", "--rules", TestPaths.rules().toString(), "--compare", TestPaths.rules().toString(),
                "--seeds", "tuning", "--worlds", "baseline", "--accounts", "30", "--days", "2");

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("decisions changed: 0 (0.000%)", "second factor: 30% of stepped-up attackers",
                        "(--phished 0.3)")
                .doesNotContain("(hits ");
    }

    @Test
    void refusesACandidatePackThatDoesNotLoad() throws Exception {
        Path broken = TestPaths.copyRules(dir.resolve("broken"));
        Files.writeString(broken.resolve("broken.drl"), "package riskgate.rules;\nrule \"x\" when then nonsense end\n");

        Cli run = Cli.run("evaluate", "--compare", broken.toString(), "--worlds", "baseline", "--accounts", "10",
                "--days", "1");

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("rule pack was rejected", "broken.drl");
    }

    /** The shipped pack plus one rule that steps up every purchase of ¥3,000 or more. */
    static Path candidateWithProbeRule(Path target) throws Exception {
        TestPaths.copyRules(target);
        Files.writeString(target.resolve("probe.drl"), """
                package riskgate.rules;

                import dev.riskgate.rules.facts.WalletEvent;
                import dev.riskgate.rules.facts.EventKind;

                global dev.riskgate.rules.Parameters params;
                global dev.riskgate.rules.Scorecard score;

                // A deliberately crude rule, so a comparison has something to show.
                rule "%s" @family("probe")
                when
                    WalletEvent(type == EventKind.PURCHASE, amount >= params.get("probe.min_amount"))
                then
                    score.add(params.get("probe.points"), "probe");
                end
                """.formatted(RULE));
        Files.writeString(target.resolve("parameters.properties"), "\nprobe.min_amount = 3000\nprobe.points = 40\n",
                StandardOpenOption.APPEND);
        return target;
    }
}
