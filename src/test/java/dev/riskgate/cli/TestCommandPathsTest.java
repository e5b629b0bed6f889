package dev.riskgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.riskgate.TestPaths;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code riskgate test} run where its relative defaults point at nothing says what to pass instead. */
class TestCommandPathsTest {

    @TempDir
    Path dir;

    @Test
    void missingScenarioDirectoryNamesItAndTheArgument() {
        Path missing = dir.resolve("test-cases");
        String err = run("test", "--rules", TestPaths.rules().toString(), missing.toString());
        assertThat(err).contains(missing.toString()).contains("CASES_DIR");
    }

    @Test
    void missingRulesDirectoryNamesItAndTheOption() {
        Path missing = dir.resolve("rules");
        String err = run("test", "--rules", missing.toString(), TestPaths.testCases().toString());
        assertThat(err).contains(missing.toString()).contains("--rules");
    }

    private static String run(String... args) {
        Cli run = Cli.run(args);
        assertThat(run.exit()).isEqualTo(2);
        return run.err();
    }
}
