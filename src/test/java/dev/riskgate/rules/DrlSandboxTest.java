package dev.riskgate.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The policy resolves every call by the type it is made on, so a chain cannot walk from an allowed value
 * to a Class, a URL or a file however its methods are named. The first case is the outside probe's chain,
 * which read the service's environment (keys included) into a reason message; the rest are its variants
 * and the other ways a rule could stall or flood a scoring thread.
 */
class DrlSandboxTest {

    private static final String HEADER = """
            package riskgate.rules;

            import dev.riskgate.rules.facts.WalletEvent;
            import dev.riskgate.rules.facts.PastEvent;
            import dev.riskgate.rules.facts.Goods;
            import dev.riskgate.rules.facts.Scope;
            import java.time.Duration;
            import java.time.LocalDate;

            global dev.riskgate.rules.Parameters params;
            global dev.riskgate.rules.Scorecard score;

            """;
    /** The lines of the rule in a file made by {@link #file}: its name, and its {@code then} code. */
    private static final int RULE_LINE = 13;
    private static final int THEN_LINE = 17;

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            the probe: an enum's class to a resource URL to /proc/self/environ | WalletEvent() | score.add(1, new String(Goods.TOBACCO.getDeclaringClass().getResource("/logback.xml").toURI().resolve("file:///proc/self/environ").toURL().openStream().readAllBytes())); | getDeclaringClass
            getClass through a record accessor | WalletEvent($id : accountId) | score.add(1, $id.getClass().getResource("/").toString()); | getClass
            getClass on a literal | WalletEvent() | score.add(1, "x".getClass().getName()); | getClass
            a record's own getClass by property | $e : WalletEvent() | score.add(1, $e.class.toString()); | .class
            an enum's constable description | WalletEvent() | score.add(1, Scope.ACCOUNT.describeConstable().toString()); | describeConstable
            java.lang.invoke by its full name | WalletEvent() | score.add(1, java.lang.invoke.MethodHandles.lookup().toString()); | java.lang.invoke
            a URL made directly | WalletEvent() | score.add(1, new java.net.URL("http://127.0.0.1/").openStream().toString()); | java.net.URL
            a Class behind a boxed number | WalletEvent() | score.add(1, Integer.TYPE.getName()); | TYPE
            a parenthesised value hides its type | $e : WalletEvent() | score.add(1, ($e).getClass().getName()); | type of the value
            var hides a type | WalletEvent() | var s = "x"; score.add(1, s.getClass().getName()); | type of the value
            a string repeated two billion times | WalletEvent() | score.add(1, "x".repeat(2000000000)); | repeat
            a format two billion wide | WalletEvent() | score.add(1, String.format("%2000000000d", 1)); | wider than rules need
            a format text made at run time | WalletEvent($id : accountId) | score.add(1, String.format($id, 1)); | literal format
            an array of two billion ints | WalletEvent() | int[] a = new int[2000000000]; score.add(1, "x"); | arrays
            the clock instead of event time | WalletEvent() | score.add(1, LocalDate.now().toString()); | now
            a random number | WalletEvent() | score.add(Math.random(), "x"); | random
            a lambda | WalletEvent() | Runnable r = () -> score.add(1, "x"); | Runnable
            a stream over what accumulate collected | accumulate(PastEvent($a : amount); $all : collectList($a)) | score.add($all.stream().count(), "x"); | stream
            a backtracking regex in a constraint | WalletEvent(accountId matches "((a+)+)+b") | score.add(1, "x"); | backtracking
            a field written | $e : WalletEvent() | $e.amount = 1; | assigns
            the system clock | WalletEvent() | score.add(1, java.time.Clock.systemUTC().instant().toString()); | java.time.Clock
            MVEL's null-safe member | $e : WalletEvent() | score.add(1, $e.?accountId.getClass().getName()); | getClass
            a fact's own factory | WalletEvent() | score.add(1, WalletEvent.of(null).accountId()); | 'of'
            three joined history patterns | PastEvent($a : amount) PastEvent(amount > $a) PastEvent(amount > $a) | score.add(1, "x"); | power 3
            """)
    void refuses(String name, String when, String then, String mentions) throws IOException {
        List<CompileError> errors = check(file(name, when, then));
        assertThat(errors).as("errors for %s", name).isNotEmpty()
                .anySatisfy(e -> assertThat(e.message()).contains(mentions));
        assertThat(errors).allSatisfy(e -> {
            assertThat(e.file()).isEqualTo("dropped-in.drl");
            assertThat(e.line()).isBetween(RULE_LINE, THEN_LINE);
        });
    }

    /** Java reads a text block where MVEL reads three strings; the policy must not read only one of them. */
    @org.junit.jupiter.api.Test
    void refusesATextBlockThatTwoReadersWouldReadDifferently() throws IOException {
        // in a constraint Drools' own parser refuses it; in a consequence the policy does
        assertThat(check(file("text block", "WalletEvent(accountId != \"\"\" + Runtime.getRuntime().availableProcessors() + \"\"\")",
                "score.add(1, \"x\");"))).isNotEmpty();
        assertThat(check(file("text block", "WalletEvent()", "score.add(1, \"\"\"\n  hidden \"\"\");")))
                .anySatisfy(e -> assertThat(e.message()).contains("text blocks"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            fields, params and a formatted message | WalletEvent($amount : amount, amount > params.get("x"), accountId != null) | score.add(params.get("p"), String.format("%.0f of %s", $amount, "x"));
            enum constants and their names | PastEvent(scope == Scope.DEVICE, $s : scope) | score.add(1, $s.name().toLowerCase());
            java.time arithmetic | WalletEvent() | score.add(Duration.ofHours(1).toMinutes(), LocalDate.of(2019, 7, 3).plusDays(1).toString());
            string tests on a field | WalletEvent($id : accountId, accountId.startsWith("a")) | score.add($id.length(), $id.substring(0, 1));
            accumulate results as numbers | accumulate(PastEvent($a : amount); $sum : sum($a), $all : collectList($a)) | score.add($sum.doubleValue() + $all.size(), "x");
            the rule's own name | WalletEvent() | score.add(1, drools.getRule().getName());
            two history patterns joined | PastEvent($a : amount) PastEvent(amount > $a) | score.add(1, "x");
            """)
    void allows(String name, String when, String then) throws IOException {
        assertThat(check(file(name, when, then))).isEmpty();
    }

    private Path file(String name, String when, String then) throws IOException {
        return Files.writeString(dir.resolve("dropped-in.drl"), HEADER + """
                rule "%s"
                when
                    %s
                then
                    %s
                end
                """.formatted(name, when, then));
    }

    private List<CompileError> check(Path drl) {
        List<CompileError> errors = new ArrayList<>();
        DrlPolicy.check(dir, List.of(drl), errors);
        return errors;
    }
}
