package dev.riskgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.riskgate.TestPaths;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * evaluate writes where it is told: standard output by default, a file with --out. The committed
 * docs/detection.md is bench/detection.sh's to regenerate, never a side effect of a look at a pack.
 */
class EvaluateOutputTest {

    @TempDir
    Path dir;

    @Test
    void printsTheReportAndLeavesTheCommittedMatrixAlone() throws Exception {
        Path committed = TestPaths.repo().resolve("docs/detection.md");
        String before = Files.readString(committed);
        FileTime modified = Files.getLastModifiedTime(committed);

        Cli run = Cli.run("evaluate", "--rules", TestPaths.rules().toString(), "--worlds", "baseline",
                "--accounts", "30", "--days", "2");

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("# Detection matrix", "report seeds [9001, 9002, 9003]", "| baseline | 9001 |");
        assertThat(run.err()).doesNotContain("wrote");
        assertThat(Files.readString(committed)).isEqualTo(before);
        assertThat(Files.getLastModifiedTime(committed)).isEqualTo(modified);
    }

    @Test
    void writesAnyMatrixToTheFileItIsGiven() throws Exception {
        Path out = dir.resolve("reports/tuning.md");

        Cli run = Cli.run("evaluate", "--rules", TestPaths.rules().toString(), "--seeds", "tuning", "--worlds", "baseline",
                "--accounts", "30", "--days", "2", "--out", out.toString());

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).contains("evaluate: wrote " + out);
        assertThat(Files.readString(out)).contains("tuning seeds [101, 102, 103]", "| baseline | 101 |");
    }

    @Test
    void theHeaderStatesTheSecondFactorAssumptionItRanWith() {
        Cli run = Cli.run("evaluate", "--rules", TestPaths.rules().toString(), "--seeds", "tuning", "--worlds", "baseline",
                "--accounts", "20", "--days", "1", "--phished", "0.25");

        assertThat(run.exit()).as(run.err()).isZero();
        String header = run.out().substring(0, run.out().indexOf("## Worlds"));
        assertThat(header).contains("second factor: 25% of stepped-up attackers pass it with a phished code",
                "(--phished 0.25)");
    }
}
