package dev.riskgate.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.riskgate.TestPaths;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The parameter file says each thing once, in numbers, and everything it says is read by something. */
class ParameterFileTest {

    @TempDir
    Path rules;

    @Test
    void refusesAKeySetTwiceNamingBothLines() throws Exception {
        TestPaths.copyRules(rules);
        List<String> lines = Files.readAllLines(params());
        int first = lines.indexOf("decision.block_at = 80") + 1;
        Files.writeString(params(), "\n# tuned\ndecision.block_at : 85\n", StandardOpenOption.APPEND);
        int second = Files.readAllLines(params()).size();

        assertThatThrownBy(() -> load()).isInstanceOf(RulePackRejected.class).satisfies(e -> assertThat(
                ((RulePackRejected) e).errors()).singleElement().satisfies(error -> {
                    assertThat(error.file()).isEqualTo(Parameters.FILE);
                    assertThat(error.line()).isEqualTo(second);
                    assertThat(error.message()).contains("'decision.block_at' is set twice, on line " + first
                            + " and on line " + second);
                }));
    }

    @Test
    void aValueThatIsNoNumberIsOneErrorNotAlsoAnUnknownParameter() throws Exception {
        TestPaths.copyRules(rules);
        String text = Files.readString(params());
        Files.writeString(params(), text.replace("hour.min_samples = 10", "hour.min_samples = 5h"));

        assertThatThrownBy(() -> load()).isInstanceOf(RulePackRejected.class).satisfies(e -> assertThat(
                ((RulePackRejected) e).errors()).singleElement().satisfies(error -> {
                    assertThat(error.message()).isEqualTo("parameter 'hour.min_samples' must be a number, was '5h'");
                    assertThat(error.line()).isNotNull();
                }));
    }

    @Test
    void warnsOfAParameterNoRuleReadsWithItsLine() throws Exception {
        TestPaths.copyRules(rules);
        Files.writeString(params(), "velocity.charge_burst_cuont = 4\n", StandardOpenOption.APPEND);
        int line = Files.readAllLines(params()).size();

        try (RulePack pack = load()) {
            assertThat(pack.warnings()).singleElement().satisfies(w -> {
                assertThat(w.file()).isEqualTo(Parameters.FILE);
                assertThat(w.line()).isEqualTo(line);
                assertThat(w.message()).contains("'velocity.charge_burst_cuont' is read by no rule");
            });
        }
    }

    @Test
    void theShippedPackHasNoUnreadParameters() throws Exception {
        try (RulePack pack = new RulePackLoader(Clock.systemUTC()).load(TestPaths.rules())) {
            assertThat(pack.warnings()).isEmpty();
        }
    }

    private RulePack load() throws RulePackRejected {
        return new RulePackLoader(Clock.systemUTC()).load(rules);
    }

    private Path params() {
        return rules.resolve(Parameters.FILE);
    }
}
