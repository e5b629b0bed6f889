package dev.riskgate.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Alert settings are checked at start, with a message naming the setting and never the secret. */
class AlertSettingsTest {

    private static final String SECRET = WebhookDeliveryTest.SECRET;

    @TempDir
    Path dir;

    @Test
    void oneUrlAndSecretMakeOneEndpointForEveryKind() {
        AlertSettings s = AlertSettings.from(Map.of("RISKGATE_WEBHOOK_URL", "https://wallet.example/hook",
                "RISKGATE_WEBHOOK_SECRET", SECRET + "," + SECRET));
        assertThat(s.enabled()).isTrue();
        assertThat(s.endpoints()).singleElement().satisfies(e -> {
            assertThat(e.takes("block")).isTrue();
            assertThat(e.secrets()).hasSize(2);
        });
        assertThat(s.allowPrivate()).isFalse();
        assertThat(AlertSettings.from(Map.of()).enabled()).isFalse();
    }

    @Test
    void badSettingsAreRefusedNamingTheSettingNotTheSecret() {
        assertThatThrownBy(() -> AlertSettings.from(Map.of("RISKGATE_WEBHOOK_URL", "https://wallet.example/hook")))
                .hasMessageContaining("RISKGATE_WEBHOOK_SECRET");
        assertThatThrownBy(() -> AlertSettings.from(Map.of("RISKGATE_WEBHOOK_URL", "https://wallet.example/hook",
                "RISKGATE_WEBHOOK_SECRET", "hunter2-not-whsec"))).hasMessageContaining("RISKGATE_WEBHOOK_SECRET")
                .hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> AlertSettings.from(Map.of("RISKGATE_WEBHOOK_URL", "ftp://wallet.example/hook",
                "RISKGATE_WEBHOOK_SECRET", SECRET))).hasMessageContaining("http(s)");
        assertThatThrownBy(() -> AlertSettings.from(Map.of("RISKGATE_ALERTS_ALLOW_PRIVATE", "yes please")))
                .hasMessageContaining("RISKGATE_ALERTS_ALLOW_PRIVATE");
    }

    @Test
    void aFileListsEndpointsWithTheirKindsAndRefusesUnknownKeys() throws Exception {
        Path file = Files.writeString(dir.resolve("alerts.json"), """
                {"endpoints": [
                  {"name": "app", "url": "https://app.example/hook", "secrets": ["%s"], "kinds": ["block", "step-up"]},
                  {"name": "mail", "url": "https://mail.example/hook", "secrets": ["%s"]}
                ]}""".formatted(SECRET, SECRET));
        AlertSettings s = AlertSettings.from(Map.of("RISKGATE_ALERTS_FILE", file.toString()));
        assertThat(s.endpoints()).extracting(WebhookEndpoint::name).containsExactly("app", "mail");
        assertThat(s.endpoints().get(0).takes("top-up-burst")).isFalse();
        assertThat(s.endpoints().get(1).takes("top-up-burst")).isTrue();

        Files.writeString(file, "{\"endpoints\": [{\"name\": \"app\", \"url\": \"https://a.example\", \"secret\": \"x\"}]}");
        assertThatThrownBy(() -> AlertSettings.from(Map.of("RISKGATE_ALERTS_FILE", file.toString())))
                .hasMessageContaining("unknown key 'secret'");
    }

    @Test
    void privateAndLoopbackAddressesAreRecognised() throws Exception {
        assertThat(PrivateAddresses.refusal("127.0.0.1")).contains("RISKGATE_ALERTS_ALLOW_PRIVATE");
        assertThat(PrivateAddresses.refusal("10.1.2.3")).isNotNull();
        assertThat(PrivateAddresses.refusal("169.254.169.254")).as("cloud metadata").isNotNull();
        assertThat(PrivateAddresses.refusal("192.168.0.1")).isNotNull();
        assertThat(PrivateAddresses.refusal("fd00::1")).isNotNull();
        assertThat(PrivateAddresses.refusal("93.184.216.34")).isNull();
    }
}
