package dev.riskgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SimulationProgressTest {

    private static final long START = 1_561_906_800L; // 2019-07-01T00:00+09:00

    @Test
    void reportsDaysDoneAndEventsWrittenAsEachDayEnds() {
        StringWriter err = new StringWriter();
        SimulationProgress progress = new SimulationProgress(new PrintWriter(err), START, 3, Duration.ZERO);
        for (long at : new long[] {START + 10, START + 20, START + 86_400 + 5, START + 2 * 86_400, START + 2 * 86_400 + 1}) {
            progress.written(at);
        }
        assertThat(err.toString().lines().toList()).containsExactly(
                "simulate: 1 of 3 days done, 2 events written",
                "simulate: 2 of 3 days done, 3 events written");
    }

    @Test
    void staysQuietBetweenReports() {
        StringWriter err = new StringWriter();
        SimulationProgress progress = new SimulationProgress(new PrintWriter(err), START, 3, Duration.ofDays(1));
        progress.written(START + 86_400);
        progress.written(START + 2 * 86_400);
        assertThat(err.toString()).isEmpty();
    }
}
