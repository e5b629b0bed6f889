package dev.riskgate.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The key settings as an operator writes them: lists, files, the old admin token, the insecure switch. */
class ConfigAccessTest {

    private static final String A = "gateway-key-aaaaaaaaaaaa";
    private static final String B = "gateway-key-bbbbbbbbbbbb";

    @Test
    void readsCommaSeparatedKeysForRotation() {
        Access access = access(Map.of("RISKGATE_API_KEYS", " " + A + " , " + B + ",", "RISKGATE_ADMIN_KEYS", B));

        assertThat(access.apiKeys()).containsExactly(A, B);
        assertThat(access.adminKeys()).containsExactly(B);
        assertThat(access.metricsKeys()).isEmpty();
        assertThat(access.insecure()).isFalse();
        assertThat(access.metricsPort()).isEqualTo(-1);
    }

    @Test
    void readsAnalystKeysApartFromAdminKeys() {
        Access access = access(Map.of("RISKGATE_ANALYST_KEYS", A, "RISKGATE_ADMIN_KEYS", B));

        assertThat(access.analystKeys()).containsExactly(A);
        assertThat(access.adminKeys()).containsExactly(B);
        assertThat(access.noKeys()).isFalse();
        assertThat(access(Map.of("RISKGATE_ANALYST_KEYS", A)).noKeys()).as("analyst keys alone are configured keys").isFalse();
    }

    @Test
    void readsKeysFromAFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("api-keys");
        Files.writeString(file, "# the gateway\n" + A + "\n\n" + B + "\n");

        assertThat(access(Map.of("RISKGATE_API_KEYS", "@" + file)).apiKeys()).containsExactly(A, B);
    }

    @Test
    void refusesShortKeysWithoutQuotingThem() {
        assertThatThrownBy(() -> access(Map.of("RISKGATE_API_KEYS", A + ",short-secret")))
                .hasMessageContaining("RISKGATE_API_KEYS: key 2 must be 16 to 512 characters long")
                .hasMessageNotContaining("short-secret");
    }

    @Test
    void refusesKeysWithSpacesOrAnUnreadableFile() {
        assertThatThrownBy(() -> access(Map.of("RISKGATE_ADMIN_KEYS", "two words in one key")))
                .hasMessageContaining("RISKGATE_ADMIN_KEYS");
        assertThatThrownBy(() -> access(Map.of("RISKGATE_API_KEYS", "@/nonexistent/keys")))
                .hasMessageContaining("/nonexistent/keys");
        assertThatThrownBy(() -> access(Map.of("RISKGATE_API_KEYS", "@/dev/null")))
                .hasMessageContaining("holds no key");
    }

    @Test
    void keepsTheOldAdminTokenAsAnAdminKey() {
        Access access = access(Map.of("RISKGATE_ADMIN_KEYS", A, "RISKGATE_ADMIN_TOKEN", "s3cret"));

        assertThat(access.adminKeys()).containsExactly(A, "s3cret");
    }

    @Test
    void nothingSetMeansGeneratedKeys() {
        Access access = access(Map.of());

        assertThat(access.noKeys()).isTrue();
        assertThat(access.insecure()).isFalse();
    }

    @Test
    void insecureMustBeSaidPlainly() {
        assertThat(access(Map.of("RISKGATE_INSECURE", "true")).insecure()).isTrue();
        assertThat(access(Map.of("RISKGATE_INSECURE", "FALSE")).insecure()).isFalse();
        assertThatThrownBy(() -> access(Map.of("RISKGATE_INSECURE", "yes"))).hasMessageContaining("true or false");
    }

    @Test
    void metricsPortIsLoopbackUnlessToldOtherwise() {
        assertThat(access(Map.of("RISKGATE_METRICS_PORT", "9464")).metricsHost()).isEqualTo("127.0.0.1");
        assertThat(access(Map.of("RISKGATE_METRICS_PORT", "9464", "RISKGATE_METRICS_HOST", "0.0.0.0")).metricsHost())
                .isEqualTo("0.0.0.0");
        assertThatThrownBy(() -> access(Map.of("RISKGATE_METRICS_PORT", "70000"))).hasMessageContaining("RISKGATE_METRICS_PORT");
    }

    private static Access access(Map<String, String> env) {
        Map<String, String> all = new HashMap<>(env);
        return Config.from(all).access();
    }
}
