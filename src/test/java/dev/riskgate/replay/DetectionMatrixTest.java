package dev.riskgate.replay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.riskgate.TestPaths;
import dev.riskgate.rules.RulePack;
import dev.riskgate.rules.RulePackLoader;
import dev.riskgate.simulate.World;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;

class DetectionMatrixTest {

    @Test
    void runsAColdAndAWarmWorldAndReportsEveryCell() throws Exception {
        World warm = World.REAL_MONTH_WARM.withWarmDays(5);
        DetectionMatrix.Plan plan = new DetectionMatrix.Plan(List.of(World.BASELINE, warm), List.of(7L), 100, 10, 2);
        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        List<DetectionMatrix.Cell> cells;
        String rulesVersion;
        try (RulePack pack = new RulePackLoader(Clock.systemUTC()).load(TestPaths.rules())) {
            cells = DetectionMatrix.run(plan, pack, new PrintStream(progress, true, StandardCharsets.UTF_8));
            rulesVersion = pack.version();
        }

        assertThat(cells).extracting(c -> c.world().name()).containsExactly("baseline", "real-month-warm");
        DetectionMatrix.Cell cold = cells.get(0);
        DetectionMatrix.Cell warmed = cells.get(1);
        assertThat(cold.imported()).isZero();
        assertThat(warmed.imported()).isPositive();
        for (DetectionMatrix.Cell c : cells) {
            CellMetrics m = c.metrics();
            assertThat(m.legitEvents() + m.fraudEvents()).isEqualTo(c.events());
            assertThat(m.fraudEvents()).as(c.world().name()).isPositive();
            assertThat(m.firstWeekLegit()).isPositive().isLessThan(m.legitEvents());
        }
        assertThat(progress.toString(StandardCharsets.UTF_8)).contains("evaluate: baseline", "evaluate: real-month-warm");

        String md = DetectionReport.markdown(plan, cells, rulesVersion, false, 1.0);
        assertThat(md).contains("| baseline | 7 |", "| real-month-warm | 7 |", "| real-month-warm | 5 |",
                "tuning seeds [7]", "(30% of them", "**baseline**", "**real-month-warm**");
    }
}
