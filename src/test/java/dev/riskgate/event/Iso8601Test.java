package dev.riskgate.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Iso8601 reads and writes exactly what the JDK does: the log, the hash and every refusal depend on it. */
class Iso8601Test {

    private static final List<Integer> NANOS = List.of(0, 1, 7_000, 250_000_000, 123_456_000, 123_456_789, 999_999_999,
            1_000_000, 10);
    private static final List<ZoneOffset> OFFSETS = List.of(ZoneOffset.UTC, ZoneOffset.ofHours(9),
            ZoneOffset.ofHoursMinutes(-9, -30), ZoneOffset.ofHoursMinutes(5, 45), ZoneOffset.ofHours(-18),
            ZoneOffset.ofHours(18), ZoneOffset.ofHoursMinutesSeconds(1, 2, 3));

    @Test
    void writesInstantsAsTheJdkDoes() {
        SplittableRandom random = new SplittableRandom(16);
        for (int i = 0; i < 20_000; i++) {
            long seconds = random.nextLong(-80_000_000_000L, 300_000_000_000L);
            int nano = i % 2 == 0 ? NANOS.get(random.nextInt(NANOS.size())) : random.nextInt(1_000_000_000);
            Instant t = Instant.ofEpochSecond(i % 3 == 0 ? seconds - seconds % 60 : seconds, nano);
            assertThat(Iso8601.text(t)).isEqualTo(t.toString());
        }
        for (Instant t : List.of(Instant.EPOCH, Instant.MIN, Instant.MAX, Instant.parse("0000-01-01T00:00:00Z"),
                Instant.parse("9999-12-31T23:59:59.999999999Z"), Instant.parse("+10000-01-01T00:00:00Z"),
                Instant.parse("0999-06-01T00:00:00.100Z"))) {
            assertThat(Iso8601.text(t)).isEqualTo(t.toString());
        }
    }

    @Test
    void writesOffsetDateTimesAsTheJdkDoes() {
        SplittableRandom random = new SplittableRandom(17);
        for (int i = 0; i < 20_000; i++) {
            OffsetDateTime t = OffsetDateTime.of(random.nextInt(-20, 12_000), random.nextInt(1, 13), random.nextInt(1, 29),
                    random.nextInt(24), random.nextInt(60), i % 3 == 0 ? 0 : random.nextInt(60),
                    i % 2 == 0 ? NANOS.get(random.nextInt(NANOS.size())) : random.nextInt(1_000_000_000),
                    OFFSETS.get(random.nextInt(OFFSETS.size())));
            assertThat(Iso8601.text(t)).isEqualTo(t.toString());
        }
    }

    @Test
    void readsWhatItWritesAsTheJdkDoes() {
        SplittableRandom random = new SplittableRandom(18);
        for (int i = 0; i < 20_000; i++) {
            OffsetDateTime t = OffsetDateTime.of(random.nextInt(0, 10_000), random.nextInt(1, 13), random.nextInt(1, 29),
                    random.nextInt(24), random.nextInt(60), random.nextInt(60),
                    NANOS.get(random.nextInt(NANOS.size())), OFFSETS.get(random.nextInt(OFFSETS.size() - 1)));
            String text = t.toString();
            assertThat(Iso8601.parse(text)).as(text).isEqualTo(OffsetDateTime.parse(text)).isEqualTo(t);
        }
    }

    @Test
    void readsOtherSpellingsAsTheJdkDoes() {
        for (String text : List.of("2019-07-03T10:15:00Z", "2019-07-03T10:15Z", "2019-07-03t10:15:00z",
                "2019-07-03T10:15:00.5+09:00", "2019-07-03T10:15:00.123456789-00:00", "2019-07-03T10:15:00.Z",
                "2019-07-03T10:15:00+09", "2019-07-03T10:15:00+09:00:30", "+12019-07-03T10:15:00Z",
                "2020-02-29T00:00:00Z", "0000-01-01T00:00:00Z")) {
            assertThat(Iso8601.parse(text)).as(text).isEqualTo(OffsetDateTime.parse(text));
        }
    }

    @Test
    void refusesWhatTheJdkRefuses() {
        for (String text : List.of("2019-02-30T10:15:00Z", "2019-07-03T24:00:00Z", "2019-07-03T10:15:60Z",
                "2019-13-03T10:15:00Z", "2019-07-03T10:15:00", "2019-07-03T10:15:00+0900", "2019-07-03T10:15:00.1234567890Z",
                "2019-07-03T10:15:00+19:00", "2019-07-03T10:15:00+09:60", "2019-07-03 10:15:00Z", "2019-07-03T10:15:0xZ",
                "2019-07-03T10:15:00Z ", "")) {
            String jdk = jdkRefusal(text);
            assertThatThrownBy(() -> Iso8601.parse(text)).as(text)
                    .isInstanceOf(DateTimeParseException.class).hasMessage(jdk);
        }
    }

    private static String jdkRefusal(String text) {
        try {
            OffsetDateTime.parse(text);
        } catch (DateTimeParseException e) {
            return e.getMessage();
        }
        throw new AssertionError("the JDK reads " + text);
    }
}
