package dev.riskgate.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.riskgate.TestPaths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The second check reads the bytecode, so it holds even where the policy is fooled. Each rule here is
 * compiled without the policy (standing in for a text the policy misread) and must be refused by what its
 * compiled code calls.
 */
class CompiledCodeAuditTest {

    private static final String HEADER = """
            package riskgate.rules;

            import dev.riskgate.rules.facts.WalletEvent;
            import dev.riskgate.rules.facts.Goods;

            global dev.riskgate.rules.Parameters params;
            global dev.riskgate.rules.Scorecard score;

            """;

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            the probe's chain | score.add(1, new String(Goods.TOBACCO.getDeclaringClass().getResource("/logback.xml").toURI().resolve("file:///proc/self/environ").toURL().openStream().readAllBytes())); | getDeclaringClass
            the environment | score.add(1, System.getenv().toString()); | java.lang.System.getenv
            a program | Runtime.getRuntime().exec("true"); | java.lang.Runtime.getRuntime
            a string two billion long | score.add(1, "x".repeat(2000000000)); | java.lang.String.repeat
            an array | int[] a = new int[5]; score.add(a.length, "x"); | creates an array
            a lambda | Runnable r = () -> {}; r.run(); score.add(1, "x"); | lambda
            a class constant | score.add(1, String.class.getName()); | loads the class
            a thread | new Thread().start(); | creates java.lang.Thread
            """)
    void refusesCompiledCodeThatLeavesTheAllowList(String name, String consequence, String mentions) {
        List<CompileError> errors = compile(consequence);
        assertThat(errors).as(name).anySatisfy(e -> assertThat(e.message()).contains(mentions)).allSatisfy(e -> {
            assertThat(e.file()).isEqualTo("audit.drl");
            assertThat(e.rule()).isEqualTo("audit: one consequence");
        });
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            a formatted message from facts and params | score.add(params.get("decision.step_up_at"), String.format("%.0f of %s", $amount, $account));
            concatenation, Math and boxed numbers | score.add(Math.min(10, $amount), "amount " + $amount + " on " + $account + Double.valueOf(1).intValue());
            the rule's name | score.add(1, drools.getRule().getName());
            """)
    void acceptsWhatRulesAreForCompiled(String name, String consequence) {
        assertThat(compile(consequence)).as(name).isEmpty();
    }

    private static List<CompileError> compile(String consequence) {
        String drl = HEADER + """
                rule "audit: one consequence" @family("audit")
                when
                    WalletEvent($amount : amount, $account : accountId)
                then
                    %s
                end
                """.formatted(consequence);
        List<CompileError> errors = new ArrayList<>();
        var container = RulePackLoader.compile(TestPaths.rules(), Map.of(TestPaths.rules().resolve("audit.drl"), drl), errors);
        if (container != null) {
            container.dispose();
        }
        return errors;
    }
}
