package dev.riskgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.riskgate.TestPaths;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code serve --help} is the operator's list of settings: every variable the code reads is on it. */
class ServeHelpTest {

    private static final Pattern SETTING = Pattern.compile("RISKGATE_[A-Z_]+[A-Z]");

    @Test
    void listsEverySettingTheCodeReads() throws IOException {
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new RiskgateCommand());
        cli.setOut(new PrintWriter(out));
        assertThat(cli.execute("serve", "--help")).isZero();
        String help = out.toString();

        Set<String> read = settingsIn(TestPaths.repo().resolve("src/main"));
        assertThat(read).as("settings found in the code").contains("RISKGATE_PORT", "RISKGATE_DRAIN_S", "RISKGATE_SYNC",
                "RISKGATE_LOG_LEVEL");
        for (String setting : read) {
            assertThat(help).as("serve --help names " + setting).containsPattern("\\b" + setting + "\\b");
        }
    }

    private static Set<String> settingsIn(Path dir) throws IOException {
        Set<String> found = new TreeSet<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                Matcher m = SETTING.matcher(Files.readString(f));
                while (m.find()) {
                    found.add(m.group());
                }
            }
        }
        return found;
    }
}
