package dev.riskgate.replay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.riskgate.simulate.World;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Whatever a rule is called, its row in detection.md keeps the table's columns. */
class DetectionReportRuleNamesTest {

    /** Over 64 characters, with the one character that ends a Markdown cell. */
    private static final String RULE = "charge then spend | a top-up from a device never seen, drained within the hour at a new store";

    @Test
    void aLongRuleNameWithABarStaysInItsCell() {
        World world = World.named("baseline");
        CellMetrics metrics = new CellMetrics(100, 2, 1, 10, 0, 0, 0, 0, 0, 0, 0, 0, Set.of("smoker-1"),
                Map.of(RULE, 2L, "short", 1L), Map.of(RULE, 1L), Map.of(), Map.of());
        DetectionMatrix.Plan plan = new DetectionMatrix.Plan(List.of(world), List.of(1L), 10, 1, 1);

        String md = DetectionReport.markdown(plan, List.of(new DetectionMatrix.Cell(world, 1, 100, 0, metrics, 1.0)),
                "v1", false, 1.0);

        List<String> rows = md.lines().filter(l -> l.startsWith("| rule | legit events |") || l.contains("| short |")
                || l.contains("within the hour")).filter(l -> l.startsWith("|")).toList();
        assertThat(rows).hasSize(3);
        assertThat(rows).allSatisfy(row -> assertThat(cells(row)).as(row).isEqualTo(2));
    }

    /** Cells in a Markdown table row: bars not escaped with a backslash, less the row's closing one. */
    private static int cells(String row) {
        return (int) row.replace("\\|", "").chars().filter(c -> c == '|').count() - 1;
    }
}
