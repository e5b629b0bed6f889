package dev.riskgate.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** RISKGATE_CASES_DIR: where the scenario files every pack must pass are, or "none" to serve packs unchecked. */
class ConfigCasesDirTest {

    @Test
    void defaultsToTheRepositoryCases() {
        assertThat(Config.from(Map.of("RISKGATE_INSECURE", "true")).casesDir())
                .isEqualTo(Path.of("test-cases").toAbsolutePath().normalize());
    }

    @Test
    void takesTheDirectoryItIsGiven() {
        assertThat(Config.from(Map.of("RISKGATE_INSECURE", "true", "RISKGATE_CASES_DIR", " /srv/cases ")).casesDir())
                .isEqualTo(Path.of("/srv/cases"));
    }

    @Test
    void noneOrEmptyTurnsTheGateOff() {
        assertThat(Config.from(Map.of("RISKGATE_INSECURE", "true", "RISKGATE_CASES_DIR", "none")).casesDir()).isNull();
        assertThat(Config.from(Map.of("RISKGATE_INSECURE", "true", "RISKGATE_CASES_DIR", "")).casesDir()).isNull();
    }
}
