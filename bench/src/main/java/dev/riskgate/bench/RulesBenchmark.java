package dev.riskgate.bench;

import dev.riskgate.event.EventType;
import dev.riskgate.event.LineItem;
import dev.riskgate.event.ScoreRequest;
import dev.riskgate.rules.ExecModelPack;
import dev.riskgate.rules.RulePack;
import dev.riskgate.rules.RulePackLoader;
import dev.riskgate.rules.Scorecard;
import dev.riskgate.scoring.RuleFacts;
import dev.riskgate.scoring.Scorer;
import dev.riskgate.state.memory.MemoryStateStore;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * µs per decision spent in the rules: {@link RulePack#evaluate} of the pack in {@code pack} on realistic
 * facts. The facts are built once, through the real scoring path with the shipped pack: 2,000 accounts get
 * a day of history (30 events each: purchases at their usual stores, top-ups, some from new phones) scored
 * by {@link Scorer} into an in-memory store, then the fact sheets of 1,024 new events on those accounts are
 * read. Every pack is measured on the same facts, so only the rules differ.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class RulesBenchmark {

    private static final int ACCOUNTS = 2_000;
    private static final int HISTORY_EVENTS = 30;
    private static final int FACT_SETS = 1_024;

    /** A rules directory; bench/rules-scaling.sh passes the shipped pack and the generated ones. */
    @Param("rules")
    public String pack;

    /** "mvel" (the service's engine) or "exec" (Drools' executable model, {@link ExecModelPack}). */
    @Param("mvel")
    public String engine;

    private RulePack evaluated;
    private RulePack shipped;
    private List<Object>[] facts;
    private int next;

    @Setup(Level.Trial)
    @SuppressWarnings("unchecked")
    public void setUp() throws Exception {
        RulePackLoader loader = new RulePackLoader(Clock.systemUTC());
        Path shippedDir = Path.of(System.getProperty("bench.shippedRules", "rules"));
        shipped = loader.load(shippedDir);
        // The service's loader first, always: its checks refuse what the service would refuse.
        RulePack mvel = Path.of(pack).equals(shippedDir) ? shipped : loader.load(Path.of(pack));
        evaluated = engine.equals("exec") ? ExecModelPack.load(Path.of(pack)) : mvel;
        MemoryStateStore store = new MemoryStateStore();
        Scorer scorer = new Scorer(store, () -> shipped, Clock.systemUTC());
        SplittableRandom random = new SplittableRandom(7);
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC).withNano(0);
        int total = ACCOUNTS * HISTORY_EVENTS;
        for (int i = 0; i < total; i++) {
            // Spread over the last 24 h, oldest first, so the history windows see a full day.
            OffsetDateTime at = now.minusSeconds(86_400L - 86_400L * i / total);
            scorer.score(event("h" + i, random.nextInt(ACCOUNTS), at, random));
        }
        facts = new List[FACT_SETS];
        for (int i = 0; i < FACT_SETS; i++) {
            facts[i] = RuleFacts.of(store, shipped, event("n" + i, random.nextInt(ACCOUNTS), now, random));
        }
        if (evaluated != mvel) {
            int differ = 0;
            for (List<Object> f : facts) {
                Scorecard a = mvel.evaluate(f);
                Scorecard b = evaluated.evaluate(f);
                differ += a.total() == b.total() && Set.copyOf(a.reasons()).equals(Set.copyOf(b.reasons())) ? 0 : 1;
            }
            System.out.printf("answers differ from mvel on %d of %d fact sets%n", differ, FACT_SETS);
            if (mvel != shipped) {
                mvel.close();
            }
        }
        // rules-scaling.sh reads this line from the JMH log: how big a fact sheet the rules get.
        System.out.printf("facts per decision: %.1f%n",
                java.util.Arrays.stream(facts).mapToInt(List::size).average().orElse(0));
    }

    @Benchmark
    public int evaluate() {
        List<Object> f = facts[next++ & (FACT_SETS - 1)];
        return evaluated.evaluate(f).total();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        if (evaluated != shipped) {
            evaluated.close();
        }
        shipped.close();
    }

    /** One event of the varied mix; 3% come from a phone the account never used. */
    static ScoreRequest event(String id, int account, OffsetDateTime at, SplittableRandom random) {
        String device = random.nextInt(100) < 3 ? "new-" + id : "d" + account;
        int pick = random.nextInt(100);
        if (pick < 8) {
            return new ScoreRequest(id, EventType.CHARGE, "a" + account, device, at,
                    BigDecimal.valueOf(1000L * random.nextInt(1, 11)), "JPY", null, List.of(), "card", null);
        }
        LineItem item;
        if (pick < 10) {
            item = new LineItem("carton", "tobacco", random.nextInt(1, 4), BigDecimal.valueOf(5000));
        } else if (pick < 11) {
            item = new LineItem("itunes-5000", "gift_card", 1, BigDecimal.valueOf(5000));
        } else {
            item = new LineItem("bento", "food", random.nextInt(1, 4), BigDecimal.valueOf(random.nextInt(300, 900)));
        }
        BigDecimal amount = item.unitPrice().multiply(BigDecimal.valueOf(item.quantity()));
        return new ScoreRequest(id, EventType.PURCHASE, "a" + account, device, at, amount, "JPY",
                "s" + (account * 7 + random.nextInt(3)) % 500, List.of(item), null, null);
    }
}
