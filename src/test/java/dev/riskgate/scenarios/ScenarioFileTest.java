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
                .hasMessageContaining("step 1: unknown key 'fundingSorce' in event").hasMessageContaining("fundingSource");
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

        assertThatThrownBy(() -> ScenarioFile.load(file)).hasMessageContaining("unknown key 'curency' in defaults").hasMessageContaining("currency");
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

    @Test
    void refusesAMisspeltExpectationKeyNamingTheValidOnes() throws IOException {
        Path file = write("""
                name: "a typo in expect"
                start: "2019-07-01T10:00:00+09:00"
                defaults: {currency: JPY}
                steps:
                  - event: {id: e1, type: charge, at: 0m, accountId: a, deviceId: d, amount: 500}
                    expect: {decison: ALLOW}
                """);

        assertThatThrownBy(() -> ScenarioFile.load(file)).isInstanceOf(ScenarioFile.InvalidScenario.class)
                .hasMessageContaining("case.yaml step 1: unknown key 'decison' in expect")
                .hasMessageContaining("valid keys: decision, fired, notFired, scoreMin, scoreMax");
    }

    @Test
    void refusesUnknownKeysAtEveryLevel() throws IOException {
        String event = "{id: e1, type: purchase, at: 0m, accountId: a, deviceId: d, storeId: s, amount: 500, currency: JPY";
        assertRefused("name: x\nstart: \"2019-07-01T10:00:00+09:00\"\nsetps: []\nsteps:\n  - event: " + event + "}\n",
                "unknown key 'setps' in the file");
        assertRefused(steps("  - event: " + event + "}\n    expcet: {decision: ALLOW}\n"), "unknown key 'expcet' in the step");
        assertRefused(steps("  - event: " + event + "}\n    repeat: {times: 2, evry: 1d}\n"), "unknown key 'evry' in repeat");
        assertRefused(steps("  - event: " + event + ", items: [{sku: x, categry: tobacco, quantity: 1, unitPrice: 500}]}\n"),
                "unknown key 'categry' in event item 1");
        assertRefused(steps("  - event: " + event + "}\n  - feedback: {eventId: e1, outcome: FRAUD, note: x}\n"),
                "unknown key 'note' in feedback");
        assertRefused(steps("  - event: " + event + "}\n  - feedback: {eventId: e1, outcome: FRAUD}\n    expect: {decision: ALLOW}\n"),
                "unknown key 'expect' in the step");
    }

    @Test
    void refusesExpectationsThatCannotFail() throws IOException {
        String event = "  - event: {id: e1, type: charge, at: 0m, accountId: a, deviceId: d, amount: 500, currency: JPY}\n";
        assertRefused(steps(event + "    expect: {}\n"), "expect is empty");
        assertRefused(steps(event + "    expect: {notFired: []}\n"), "expect.notFired must be a non-empty list");
        assertRefused(steps(event + "    expect: {notFired: \"velocity: burst of charges on the account\"}\n"),
                "expect.notFired must be a non-empty list");
        assertRefused(steps(event + "    expect: {scoreMax: low}\n"), "expect.scoreMax must be a whole number");
        assertRefused(steps(event + "    expect: {scoreMin: 60, scoreMax: 40}\n"), "no score can pass");
        assertRefused(steps(event + "    backfill: yes please\n"), "backfill must be true or false");
    }

    @Test
    void refusesACheckedStepListedBeforeItsAccountsEarlierHistory() throws IOException {
        assertRefused(steps("""
                  - event: {id: today, type: charge, at: 0m, accountId: a, deviceId: d, amount: 500, currency: JPY}
                    expect: {notFired: ["new device: never seen on this account"]}
                  - event: {id: h-buy, type: charge, at: -10d, accountId: a, deviceId: d, amount: 500, currency: JPY}
                    repeat: {times: 5, every: 1d}
                """), "step 2 (event h-buy-1): occurs at 2019-06-21T10:00+09:00, before case.yaml step 1 (event today)");
    }

    @Test
    void refusesACheckedStepThatWouldSeeLaterHistory() throws IOException {
        assertRefused(steps("""
                  - event: {id: later, type: charge, at: 1d, accountId: a, deviceId: d, amount: 500, currency: JPY}
                  - event: {id: today, type: charge, at: 0m, accountId: a, deviceId: d, amount: 500, currency: JPY}
                    expect: {notFired: ["new device: never seen on this account"]}
                """), "already in this checked event's history");
    }

    @Test
    void acceptsInterleavedHistoryOtherAccountsAndAMarkedBackfill() throws IOException {
        Scenario scenario = ScenarioFile.load(write(steps("""
                  - event: {id: h-buy, type: charge, at: -10d, accountId: a, deviceId: d, amount: 500, currency: JPY}
                    repeat: {times: 5, every: 1d}
                  - event: {id: h-charge, type: charge, at: -10d-1h, accountId: a, deviceId: d, amount: 500, currency: JPY}
                    repeat: {times: 2, every: 3d}
                  - event: {id: today, type: charge, at: 0m, accountId: a, deviceId: d, amount: 500, currency: JPY}
                    expect: {decision: ALLOW}
                  - event: {id: other, type: charge, at: -1d, accountId: b, deviceId: d, amount: 500, currency: JPY}
                    expect: {decision: ALLOW}
                  - event: {id: late, type: charge, at: -1h, accountId: a, deviceId: d, amount: 500, currency: JPY}
                    backfill: true
                """)));

        assertThat(scenario.steps()).hasSize(10);
    }

    private static String steps(String steps) {
        return "name: x\nstart: \"2019-07-01T10:00:00+09:00\"\nsteps:\n" + steps;
    }

    private void assertRefused(String yaml, String message) throws IOException {
        Path file = write(yaml);
        assertThatThrownBy(() -> ScenarioFile.load(file)).isInstanceOf(ScenarioFile.InvalidScenario.class)
                .hasMessageContaining(message);
    }

    private Path write(String yaml) throws IOException {
        return Files.writeString(dir.resolve("case.yaml"), yaml);
    }
}
