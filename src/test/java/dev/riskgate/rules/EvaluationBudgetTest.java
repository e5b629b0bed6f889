package dev.riskgate.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.riskgate.TestPaths;
import dev.riskgate.rules.facts.Goods;
import dev.riskgate.rules.facts.ResaleLine;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The engine's own budget check: a rule whose work grows without bound (here a join of three patterns over
 * a basket's lines, compiled without the policy, which refuses joins of degree three, to stand in for
 * something it misses) is abandoned at its deadline, and the thread that ran it scores the next event.
 */
class EvaluationBudgetTest {

    private static final String RUNAWAY = """
            package riskgate.rules;

            import dev.riskgate.rules.facts.ResaleLine;

            global dev.riskgate.rules.Parameters params;
            global dev.riskgate.rules.Scorecard score;

            rule "runaway: every triple of basket lines" @family("runaway")
            when
                ResaleLine($a : amount)
                ResaleLine($b : amount)
                ResaleLine($c : amount)
            then
                score.add(1, "never finishes in time");
            end
            """;

    private static RulePack pack;

    @BeforeAll
    static void compileWithoutThePolicy() {
        Path rules = TestPaths.rules();
        List<CompileError> errors = new ArrayList<>();
        Parameters params = Parameters.load(rules, errors);
        ResaleCatalog catalog = ResaleCatalog.load(rules, params, errors);
        Currencies currencies = Currencies.load(rules, params, errors);
        var container = RulePackLoader.compile(rules, Map.of(rules.resolve("runaway.drl"), RUNAWAY), errors);
        assertThat(errors).isEmpty();
        pack = new RulePack("runaway", params, catalog, currencies, container, Instant.now(), List.of("runaway.drl"));
    }

    @AfterAll
    static void close() {
        pack.close();
    }

    @Test
    void aRunawayJoinIsAbandonedAtItsDeadlineAndTheThreadScoresTheNextEvent() {
        long start = System.nanoTime();

        // 400 lines: 64 million triples, far more than any deadline allows
        assertThatThrownBy(() -> pack.evaluate(lines(400), System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(100)))
                .isInstanceOf(EvaluationOverrun.class)
                .hasMessageContaining("runaway")
                .hasMessageContaining("budget of");

        // Abandoned, not run to its end (64 million triples take hours). Not a latency bound: Phreak builds a
        // join node's whole output before the budget listener hears of any match, so a join this wide is
        // stopped by the watchdog (deadline + 1 s), whose stop reaches the thread at its next safepoint;
        // on a loaded 2-core machine that took 4.5 s, and a 3 s bound here failed for it.
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).as("abandoned, not run to its end")
                .isLessThan(60_000);
        // the same thread, and a fresh session from the pool, evaluate the next event to its end
        assertThat(pack.evaluate(lines(2)).reasons()).extracting(dev.riskgate.decision.Reason::rule)
                .containsExactly("runaway: every triple of basket lines");
    }

    private static List<Object> lines(int n) {
        List<Object> facts = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            facts.add(new ResaleLine(Goods.TOBACCO, 1, 500 + i));
        }
        return facts;
    }
}
