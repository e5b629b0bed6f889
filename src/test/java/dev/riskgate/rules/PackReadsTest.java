package dev.riskgate.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.riskgate.TestPaths;
import dev.riskgate.rules.facts.Scope;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the pack's patterns can match decides which earlier attempts become facts: a reading that is too
 * narrow would silently hide history from a rule, so anything not written in the plain forms reads all.
 */
class PackReadsTest {

    private static final String HEAD = """
            package riskgate.rules;
            import dev.riskgate.rules.facts.WalletEvent;
            import dev.riskgate.rules.facts.PastEvent;
            import dev.riskgate.rules.facts.PastResale;
            import dev.riskgate.rules.facts.Scope;
            import dev.riskgate.rules.facts.Goods;
            global dev.riskgate.rules.Parameters params;
            global dev.riskgate.rules.Scorecard score;
            """;

    private static final String NARROW = HEAD + """
            rule "account charges, a parameter window" @family("t")
            when
                WalletEvent()
                accumulate(PastEvent(scope == Scope.ACCOUNT, minutesAgo <= params.get("t.window")); $n : count())
                eval($n.intValue() > 0)
            then
                score.add(1, "x");
            end
            rule "store tobacco, a literal window" @family("t")
            when
                WalletEvent()
                accumulate(PastResale(scope == Scope.STORE, goods == Goods.TOBACCO, minutesAgo < 45); $n : count())
                eval($n.intValue() > 0)
            then
                score.add(1, "x");
            end
            rule "device attempts, no window" @family("t")
            when
                WalletEvent()
                exists(PastEvent(scope == Scope.DEVICE))
            then
                score.add(1, "x");
            end
            """;

    private static final String WIDE = HEAD + """
            rule "any scope but the account" @family("t")
            when
                WalletEvent()
                exists(PastEvent(scope != Scope.ACCOUNT, minutesAgo <= 10))
            then
                score.add(1, "x");
            end
            """;

    @TempDir
    static Path dir;
    private static RulePack narrow;
    private static RulePack wide;

    @BeforeAll
    static void load() throws Exception {
        narrow = load(dir.resolve("narrow"), NARROW);
        wide = load(dir.resolve("wide"), WIDE);
    }

    private static RulePack load(Path pack, String drl) throws Exception {
        Files.createDirectories(pack);
        Files.copy(TestPaths.rules().resolve(ResaleCatalog.CATEGORY_FILE), pack.resolve(ResaleCatalog.CATEGORY_FILE));
        Files.writeString(pack.resolve(Parameters.FILE), """
                decision.step_up_at = 40
                decision.block_at = 80
                currency.base = JPY
                currencies = JPY
                history.window_minutes = 1440
                t.window = 30
                tobacco.carton_value = 5000
                """);
        Files.writeString(pack.resolve("t.drl"), drl);
        return new RulePackLoader(Clock.systemUTC()).load(pack);
    }

    @AfterAll
    static void close() {
        narrow.close();
        wide.close();
    }

    @Test
    void readsOnlyTheScopesAndWindowsThePatternsName() {
        PackReads reads = narrow.reads();

        assertThat(reads.eventMinutes(Scope.ACCOUNT)).isEqualTo(30);
        assertThat(reads.eventMinutes(Scope.DEVICE)).as("no window: the whole history window").isEqualTo(1440);
        assertThat(reads.eventMinutes(Scope.STORE)).as("no rule reads them").isNegative();
        assertThat(reads.resaleMinutes(Scope.STORE)).isEqualTo(45);
        assertThat(reads.resaleMinutes(Scope.ACCOUNT)).isNegative();
        assertThat(reads.resaleMinutes(Scope.DEVICE)).isNegative();
    }

    @Test
    void aScopeComparedAnyOtherWayReadsEveryScope() {
        PackReads reads = wide.reads();

        for (Scope s : Scope.values()) {
            assertThat(reads.eventMinutes(s)).as(s.name()).isEqualTo(10);
        }
        assertThat(reads.resaleMinutes(Scope.STORE)).isNegative();
    }
}
