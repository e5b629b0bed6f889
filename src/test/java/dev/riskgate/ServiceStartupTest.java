package dev.riskgate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.riskgate.config.Config;
import dev.riskgate.http.RunningRiskgate;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** What an operator sees when riskgate cannot start: one line that names the setting to change. */
class ServiceStartupTest {

    @RegisterExtension
    static final RunningRiskgate riskgate = new RunningRiskgate();

    @TempDir
    Path dir;

    @Test
    void refusesADataDirectoryAnotherRiskgateHasOpen() {
        Config second = new Config(0, riskgate.dataDir(), TestPaths.rules(), "127.0.0.1");
        assertThatThrownBy(() -> Service.start(second)).isInstanceOf(StartupFailure.class)
                .hasMessageContaining(riskgate.dataDir().toString()).hasMessageContaining("in use")
                .hasMessageContaining("RISKGATE_DATA_DIR");
        assertThat(riskgate.client().get("/health").status()).as("the first one is untouched").isEqualTo(200);
    }

    @Test
    void busyPortIsOneLineNamingThePortAndTheSetting() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            String port = Integer.toString(taken.getLocalPort());
            RiskgateProcess child = RiskgateProcess.launch(dir, dir.resolve("busy.log"),
                    Map.of("RISKGATE_PORT", port, "RISKGATE_DATA_DIR", dir.resolve("data").toString()));
            try (child) {
                assertThat(child.awaitExit(Duration.ofSeconds(120))).as(child.output()).isEqualTo(3);
                String output = child.output();
                String complaint = output.lines().filter(l -> l.startsWith("riskgate: ")).findFirst().orElse("");
                assertThat(complaint).contains("port " + port).contains("RISKGATE_PORT");
                assertThat(output).as("no stack trace").doesNotContain("\tat ").doesNotContain("Exception");
            }
        }
    }

    @Test
    void missingRulesDirectorySaysWhichSettingToSet() throws Exception {
        Path elsewhere = Files.createDirectories(dir.resolve("not-the-repo"));
        RiskgateProcess child = RiskgateProcess.launch(elsewhere, dir.resolve("norules.log"),
                Map.of("RISKGATE_RULES_DIR", "", "RISKGATE_DATA_DIR", dir.resolve("data").toString()));
        try (child) {
            assertThat(child.awaitExit(Duration.ofSeconds(60))).isEqualTo(3);
            String output = child.output();
            assertThat(output).contains("RISKGATE_RULES_DIR").contains(elsewhere.resolve("rules").toString())
                    .doesNotContain("\tat ");
        }
    }
}
