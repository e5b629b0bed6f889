package dev.riskgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.riskgate.TestPaths;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

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
        StringWriter err = new StringWriter();
        java.io.PrintStream old = System.err;
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(bytes, true, java.nio.charset.StandardCharsets.UTF_8));
        int exit;
        try {
            CommandLine cli = new CommandLine(new RiskgateCommand());
            cli.setErr(new PrintWriter(err));
            exit = cli.execute(args);
        } finally {
            System.setErr(old);
        }
        assertThat(exit).isEqualTo(2);
        return bytes.toString(java.nio.charset.StandardCharsets.UTF_8) + err;
    }
}
