package dev.riskgate.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FactSheetTest {

    /** Every rule's window compares against these minutes: they must not move by a millisecond. */
    @Test
    void minutesBetweenIsExactlyWhatDurationGave() {
        Random random = new Random(42);
        Instant base = Instant.parse("2026-11-26T00:00:00Z");
        for (int i = 0; i < 200_000; i++) {
            Instant from = base.plusSeconds(random.nextInt(200_000) - 100_000).plusNanos(random.nextInt(1_000_000_000));
            Instant to = i % 3 == 0 ? from.plusNanos(random.nextInt(2_000_000) - 1_000_000)
                    : base.plusSeconds(random.nextInt(200_000) - 100_000).plusNanos(random.nextInt(1_000_000_000));

            assertThat(FactSheet.minutesBetween(from, to)).as("%s -> %s", from, to)
                    .isEqualTo(Duration.between(from, to).toMillis() / 60_000.0);
        }
    }
}
