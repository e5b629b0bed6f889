package dev.riskgate.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.riskgate.TestPaths;
import dev.riskgate.decision.Verdict;
import dev.riskgate.event.EventType;
import dev.riskgate.event.ScoreRequest;
import dev.riskgate.rules.facts.WalletEvent;
import dev.riskgate.scoring.AnswerClaim;
import dev.riskgate.scoring.DeadlinePassed;
import dev.riskgate.scoring.DecisionEnvelope;
import dev.riskgate.scoring.Scored;
import dev.riskgate.scoring.Scorer;
import dev.riskgate.state.memory.MemoryStateStore;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The second line behind the policy: a rule that runs away anyway (here a backtracking regex, compiled
 * without the policy to stand in for something it misses) is abandoned at its budget, its thread comes
 * back, and the account and device locks it held are free for the next event.
 */
class EvaluationBudgetTest {

    private static final String STUCK = """
            package riskgate.rules;

            import dev.riskgate.rules.facts.WalletEvent;

            global dev.riskgate.rules.Parameters params;
            global dev.riskgate.rules.Scorecard score;

            rule "stuck: catastrophic regex on the store" @family("stuck")
            when
                WalletEvent(storeId matches "((a+)+)+b")
            then
                score.add(1, "never");
            end
            """;
    /** Takes longer than any test runs: ((a+)+)+b backtracks through every split of these 40 letters. */
    private static final String STUCK_STORE = "a".repeat(40) + "1";

    private static RulePack pack;

    @BeforeAll
    static void compileWithoutThePolicy() {
        Path rules = TestPaths.rules();
        List<CompileError> errors = new ArrayList<>();
        Parameters params = Parameters.load(rules, errors);
        ResaleCatalog catalog = ResaleCatalog.load(rules, params, errors);
        Currencies currencies = Currencies.load(rules, params, errors);
        var container = RulePackLoader.compile(rules, Map.of(rules.resolve("stuck.drl"), STUCK), errors);
        assertThat(errors).isEmpty();
        pack = new RulePack("stuck", params, catalog, currencies, container, Instant.now(), List.of("stuck.drl"));
    }

    @AfterAll
    static void close() {
        pack.close();
    }

    @Test
    void aRunawayConstraintIsStoppedAtItsBudgetAndTheThreadServesAgain() {
        long stoppedBefore = EvaluationWatch.SHARED.stoppedCount();
        long start = System.nanoTime();

        assertThatThrownBy(() -> pack.evaluate(List.of(WalletEvent.of(purchase("e1", STUCK_STORE))),
                System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(100)))
                .isInstanceOf(EvaluationOverrun.class)
                .hasMessageContaining("stuck");

        long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertThat(tookMs).as("stopped after budget + grace, not left running").isLessThan(5_000);
        assertThat(EvaluationWatch.SHARED.stoppedCount()).isEqualTo(stoppedBefore + 1);
        // the same thread evaluates the next event normally
        assertThat(pack.evaluate(List.of(WalletEvent.of(purchase("e2", "store-1")))).total()).isZero();
    }

    @Test
    void theLocksOfAStoppedEvaluationAreFreeAndAQueuedRequestGivesItsThreadBackAtItsDeadline() throws Exception {
        try (MemoryStateStore store = new MemoryStateStore()) {
            Scorer scorer = new Scorer(store, () -> pack, Clock.systemUTC());
            CompletableFuture<DecisionEnvelope> stuck = CompletableFuture.supplyAsync(() ->
                    scorer.score(purchase("s1", STUCK_STORE), claim(4_000)));
            Thread.sleep(100);
            // the same account, queued behind the stuck one: it gives up at its own deadline, long before the
            // stuck one's
            long start = System.nanoTime();
            assertThatThrownBy(() -> scorer.score(purchase("s2", "store-1"), claim(60))).isInstanceOf(DeadlinePassed.class);
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(3_000);
            assertThat(stuck).isNotDone();

            assertThatThrownBy(() -> stuck.get(20, TimeUnit.SECONDS)).hasCauseInstanceOf(DeadlinePassed.class);
            // the stuck evaluation's account and device locks were released when its thread was stopped
            Scored next = scorer.score(purchase("s3", "store-1"), claim(2_000)).scored();
            assertThat(next.decision().decision()).isEqualTo(Verdict.ALLOW);
        }
    }

    private static AnswerClaim claim(long millis) {
        return new AnswerClaim(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis));
    }

    private static ScoreRequest purchase(String eventId, String storeId) {
        return new ScoreRequest(eventId, EventType.PURCHASE, "acct-1", "dev-1",
                OffsetDateTime.parse("2019-07-03T10:40:00+09:00"), new BigDecimal("500"), "JPY", storeId,
                List.of(new dev.riskgate.event.LineItem("sku-1", "snacks", 1, new BigDecimal("500"))), null, null);
    }
}
