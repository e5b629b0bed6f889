package dev.riskgate.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.riskgate.event.EventType;
import dev.riskgate.state.HistoryEvent;
import dev.riskgate.state.Status;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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

    /**
     * The one-walk sum gives each top-up what the sum per top-up gave: ties in time (a purchase at the
     * top-up's very second is not after it), declined purchases, purchases after this event, top-ups
     * outside the window.
     */
    @Test
    void topUpsSpentAfterAreWhatASumPerTopUpGave() {
        Random random = new Random(7);
        Instant now = Instant.parse("2026-11-26T12:00:00Z");
        Status[] statuses = Status.values();
        for (int round = 0; round < 2_000; round++) {
            List<HistoryEvent> events = new ArrayList<>();
            Instant t = now.minusSeconds(3 * 86_400);
            for (int i = 0, n = random.nextInt(60); i < n; i++) {
                t = t.plusSeconds(random.nextInt(4) == 0 ? 0 : random.nextInt(7_200));
                EventType type = random.nextInt(3) == 0 ? EventType.CHARGE : EventType.PURCHASE;
                events.add(new HistoryEvent("e" + i, type, t, 100 * (1 + random.nextInt(500)), "a", "d", null,
                        statuses[random.nextInt(statuses.length)], false, List.of()));
            }
            List<Object> walked = new ArrayList<>();
            List<Object> summed = new ArrayList<>();

            FactSheet.addTopUps(walked, events, now, 24 * 60, new FactSheet.Drain(5_000, 60, 1_000, 0.8));
            FactSheet.addTopUpsOneByOne(summed, events, now, 24 * 60, new FactSheet.Drain(5_000, 60, 1_000, 0.8));

            assertThat(walked).as("round %d", round).isEqualTo(summed);
        }
    }
}
