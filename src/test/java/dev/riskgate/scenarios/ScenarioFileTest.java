package dev.riskgate.scenarios;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScenarioFileTest {

    @TempDir
    Path dir;

    @Test
    void refusesAnEventKeyThatIsNotARequestField() throws IOException {
        Path file = write("""
                name: "a typo"
                start: "2019-07-01T10:00:00+09:00"
                defaults: {currency: JPY}
                steps:
                  - event: {id: e1, type: charge, at: 0m, accountId: a, deviceId: d, amount: 500, fundingSorce: card}
                """);

        assertThatThrownBy(() -> ScenarioFile.load(file)).isInstanceOf(ScenarioFile.InvalidScenario.class)
                .hasMessageContaining("step 1: 'fundingSorce' is not an event field").hasMessageContaining("fundingSource");
    }

    @Test
    void refusesAnUnknownKeyInTheDefaultsToo() throws IOException {
        Path file = write("""
                name: "a typo in the defaults"
                start: "2019-07-01T10:00:00+09:00"
                defaults: {curency: JPY}
                steps:
                  - event: {id: e1, type: charge, at: 0m, accountId: a, deviceId: d, amount: 500}
                """);

        assertThatThrownBy(() -> ScenarioFile.load(file)).hasMessageContaining("'curency' is not an event field");
    }

    @Test
    void readsEveryRequestFieldWithIdAndAt() throws IOException {
        Path file = write("""
                name: "every field"
                start: "2019-07-01T10:00:00+09:00"
                steps:
                  - event: {id: e1, type: purchase, at: 5m, accountId: a, deviceId: d, amount: 500, currency: JPY,
                            storeId: s, fundingSource: card, ip: 192.0.2.1,
                            items: [{sku: x, quantity: 1, unitPrice: 500}]}
                """);

        JsonObject wire = ((Step.Event) ScenarioFile.load(file).steps().get(0)).wire();

        assertThat(wire.getString("eventId")).isEqualTo("e1");
        assertThat(wire.getString("occurredAt")).isEqualTo("2019-07-01T10:05+09:00");
        assertThat(wire.getString("ip")).isEqualTo("192.0.2.1");
    }

    private Path write(String yaml) throws IOException {
        return Files.writeString(dir.resolve("case.yaml"), yaml);
    }
}
