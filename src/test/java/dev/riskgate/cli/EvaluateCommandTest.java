package dev.riskgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.riskgate.TestPaths;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvaluateCommandTest {

    @TempDir
    Path dir;

    @Test
    void writesTheReportSeedsMatrixWithEveryFigureMarkedAgainstItsTarget() throws Exception {
        Path out = dir.resolve("detection.md");
        Cli run = Cli.run("evaluate", "--rules", TestPaths.rules().toString(), "--worlds", "baseline",
                "--accounts", "100", "--days", "5", "--out", out.toString());
        assertThat(run.exit()).as(run.err()).isZero();
        String md = Files.readString(out);
        assertThat(run.out()).as("the report went to the file").isEmpty();
        assertThat(md).contains("# Detection matrix", "bench/detection.sh", "report seeds [9001, 9002, 9003]",
                        "| baseline | 9001 |", "| baseline | 9002 |", "| baseline | 9003 |", "| ↳ first 7 days |",
                        "## Misses", "## Rules behind legitimate friction", "## Fraud money allowed by attack");
        assertThat(md.lines().filter(l -> l.startsWith("| baseline | 900"))).hasSize(3)
                .allMatch(l -> l.chars().filter(c -> c == '✓' || c == '✗').count() == 4);
        assertThat(run.err()).contains("evaluate: 3 cells in");
    }

    @Test
    void helpNamesEveryWorld() {
        Cli run = Cli.run("evaluate", "--help");
        assertThat(run.exit()).isZero();
        assertThat(run.out()).contains("Usage: riskgate evaluate", "30% of attackers", "real-month-warm");
        assertThat(run.err()).doesNotContain("WARN");
    }

    @Test
    void refusesAnUnknownWorldOrSeedSet() {
        Cli world = Cli.run("evaluate", "--worlds", "mars");
        assertThat(world.exit()).isEqualTo(2);
        assertThat(world.err()).contains("no world named 'mars'");
        Cli seeds = Cli.run("evaluate", "--seeds", "all");
        assertThat(seeds.exit()).isEqualTo(2);
        assertThat(seeds.err()).contains("--seeds must be report or tuning");
    }
}
