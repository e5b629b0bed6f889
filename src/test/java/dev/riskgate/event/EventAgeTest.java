package dev.riskgate.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.riskgate.config.Config;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** RISKGATE_MAX_EVENT_AGE: how far behind the clock a live event may be. */
class EventAgeTest {

    private static final Instant NOW = Instant.parse("2026-12-07T03:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    @Test
    void defaultsToOneHour() {
        assertThat(Config.from(Map.of()).maxEventAge().max()).isEqualTo(Duration.ofHours(1));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"30m, PT30M", "24h, PT24H", "400d, PT9600H", "90s, PT1M30S", " 2H , PT2H"})
    void readsANumberAndAUnit(String raw, Duration expected) {
        assertThat(Config.from(Map.of(EventAge.SETTING, raw)).maxEventAge().max()).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"1", "1w", "-5m", "PT1H", "30s", "3651d", "1.5h"})
    void refusesAnythingElseNamingTheSetting(String raw) {
        assertThatThrownBy(() -> Config.from(Map.of(EventAge.SETTING, raw)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(EventAge.SETTING);
    }

    @Test
    void takesAnEventAtTheEdgeOfTheWindowAndRefusesOneBeyondIt() {
        EventAge window = new EventAge(Duration.ofMinutes(30));

        window.check(at(NOW.minus(Duration.ofMinutes(30))), CLOCK);
        assertThatThrownBy(() -> window.check(at(NOW.minus(Duration.ofMinutes(30)).minusSeconds(1)), CLOCK))
                .isInstanceOfSatisfying(BadRequest.class, e -> {
                    assertThat(e.reason()).isEqualTo("too_old");
                    assertThat(e.field()).isEqualTo("occurredAt");
                    assertThat(e.getMessage()).contains("at most 30m old");
                });
    }

    @Test
    void saysHowOldTheEventIs() {
        assertThatThrownBy(() -> EventAge.defaults().check(at(NOW.minus(Duration.ofDays(29)).minus(Duration.ofHours(3))), CLOCK))
                .hasMessageContaining("occurredAt is 29d3h before the server's clock");
    }

    private static ScoreRequest at(Instant when) {
        return new ScoreRequest("evt", EventType.CHARGE, "acc", "dev", OffsetDateTime.ofInstant(when, ZoneOffset.ofHours(9)),
                BigDecimal.TEN, "JPY", null, List.of(), null, null);
    }
}
