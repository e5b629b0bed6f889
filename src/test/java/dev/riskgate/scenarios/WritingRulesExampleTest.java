package dev.riskgate.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import dev.riskgate.TestPaths;
import dev.riskgate.rules.RulePack;
import dev.riskgate.rules.RulePackLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The worked example in docs/writing-rules.md works as written and breaks none of the shipped cases. */
class WritingRulesExampleTest {

    @Test
    void addingTheLateNightFamilyPassesItsOwnAndEveryShippedScenario(@TempDir Path rules) throws Exception {
        Path example = TestPaths.repo().resolve("docs/examples/late-night");
        TestPaths.copyRules(rules);
        Files.copy(example.resolve("late-night.drl"), rules.resolve("late-night.drl"));
        Files.writeString(rules.resolve("parameters.properties"), Files.readString(example.resolve("parameters.properties")),
                StandardOpenOption.APPEND);

        List<Path> cases = new ArrayList<>(ScenarioFile.find(TestPaths.testCases()));
        cases.add(example.resolve("late-night.yaml"));
        try (RulePack pack = new RulePackLoader(Clock.systemUTC()).load(rules)) {
            ScenarioRunner runner = new ScenarioRunner(pack);
            for (Path file : cases) {
                ScenarioRunner.Result result = runner.run(ScenarioFile.load(file));
                assertThat(result.failures()).as(file.getFileName().toString()).isEmpty();
            }
        }
    }
}
