package dev.riskgate.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import dev.riskgate.ShippedPack;
import dev.riskgate.TestPaths;
import dev.riskgate.rules.RulePack;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Every scenario file in test-cases/ against the shipped pack: the analysts' suite, run by CI. */
class ScenarioFilesTest {

    private static final RulePack pack = ShippedPack.get();

    @TestFactory
    Stream<DynamicTest> everyScenarioFileHolds() throws Exception {
        List<Path> files = ScenarioFile.find(TestPaths.testCases());
        assertThat(files).as("scenario files in test-cases/").isNotEmpty();
        ScenarioRunner runner = new ScenarioRunner(pack);
        return files.stream().map(file -> DynamicTest.dynamicTest(TestPaths.testCases().relativize(file).toString(), file.toUri(), () -> {
            ScenarioRunner.Result result = runner.run(ScenarioFile.load(file));
            assertThat(result.checked()).as("checked steps in " + file.getFileName()).isPositive();
            assertThat(result.failures()).as(result.scenario().name()).isEmpty();
        }));
    }
}
