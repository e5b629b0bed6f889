package dev.riskgate.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.riskgate.MutableClock;
import dev.riskgate.TestPaths;
import dev.riskgate.decision.Decision;
import dev.riskgate.decision.Reason;
import dev.riskgate.decision.Verdict;
import dev.riskgate.event.ScoreRequest;
import dev.riskgate.event.ScoreRequestParser;
import dev.riskgate.metrics.MeteredStateStore;
import dev.riskgate.rules.RulePack;
import dev.riskgate.rules.RulePackLoader;
import dev.riskgate.state.AnswerWindows;
import dev.riskgate.state.StateStore;
import dev.riskgate.state.embedded.JournalStateStore;
import dev.riskgate.state.memory.MemoryStateStore;
import dev.riskgate.state.redis.RedisServer;
import dev.riskgate.state.redis.RedisStateStore;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An owner's freeze is account state: it lasts past the idempotency window (3 days), past the feedback
 * window and the account's retention (180 days) and across restarts, until the gateway lifts it, on any
 * instance; and it costs a decision no read of its own. The shipped pack, real stores.
 */
class AccountFreezeTest {

    private static final Instant START = Instant.parse("2026-03-02T09:00:00Z");
    private static final String ACCOUNT = "frozen-acct";
    private static RulePack pack;

    @TempDir
    Path dir;
    private final MutableClock clock = new MutableClock(START);

    @BeforeAll
    static void compilePack() throws Exception {
        pack = new RulePackLoader(Clock.systemUTC()).load(TestPaths.rules());
    }

    @AfterAll
    static void release() {
        pack.close();
    }

    @Test
    void aFrozenAccountStillBlocksNamingTheFreezeAfterFourAndAfterTwoHundredDays() {
        try (StateStore store = open()) {
            Scorer scorer = scorer(store);
            assertThat(rules(scorer.score(purchase("before", 1500)).decision())).doesNotContain(AccountFreeze.RULE);
            assertThat(AccountFreeze.set(store, ACCOUNT, true, "not me on alert a-1", clock.instant())).isTrue();

            clock.advance(Duration.ofDays(4)); // past the idempotency window
            assertBlockedByTheFreeze(scorer.score(purchase("day-4", 1500)).decision());
        } // closing checkpoints: the freeze is packed

        clock.advance(Duration.ofDays(196)); // 200 days: past the feedback window and the account's retention
        try (StateStore store = open()) {
            Scorer scorer = scorer(store);
            assertBlockedByTheFreeze(scorer.score(purchase("day-200", 1500)).decision());

            assertThat(AccountFreeze.set(store, ACCOUNT, false, "", clock.instant())).isTrue();
            assertThat(rules(scorer.score(purchase("lifted", 1500)).decision())).doesNotContain(AccountFreeze.RULE);
        }
    }

    @Test
    void aDecisionReadsTheStoreOnceWithOrWithoutAFreeze() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (StateStore store = new MeteredStateStore(new MemoryStateStore(), registry)) {
            Scorer scorer = scorer(store);
            for (int i = 0; i < 5; i++) {
                scorer.score(purchase("open-" + i, 1500));
            }
            AccountFreeze.set(store, ACCOUNT, true, "not me on alert a-1", clock.instant());
            double readsBefore = count(registry, "read");
            double lookupsBefore = count(registry, "lookup");
            for (int i = 0; i < 5; i++) {
                assertBlockedByTheFreeze(scorer.score(purchase("frozen-" + i, 1500)).decision());
            }

            assertThat(count(registry, "read") - readsBefore).as("one snapshot a decision").isEqualTo(5);
            assertThat(count(registry, "lookup") - lookupsBefore).as("no record read for the freeze").isZero();
        }
    }

    @Test
    void anUnfreezeOnOneInstanceLiftsItOnTheOtherAndAFrozenAccountKeepsNoTtlOnRedis() throws Exception {
        try (RedisServer server = RedisServer.start(dir);
             StateStore a = redis(server);
             StateStore b = redis(server);
             RedisClient client = RedisClient.create(server.url());
             StatefulRedisConnection<String, String> cli = client.connect()) {
            Scorer onA = scorer(a);
            Scorer onB = scorer(b);
            onA.score(purchase("first", 1500));
            onB.score(purchase("second", 1500)); // b has read (and cached) the account unfrozen
            String key = "freeze-test:a:" + ACCOUNT;
            assertThat(cli.sync().pttl(key)).as("an account's TTL").isPositive();

            AccountFreeze.set(a, ACCOUNT, true, "not me on alert a-1", clock.instant());
            assertBlockedByTheFreeze(onB.score(purchase("on-b", 1500)).decision());
            assertThat(cli.sync().pttl(key)).as("a frozen account never expires").isEqualTo(-1);
            onA.score(purchase("more", 1500));
            assertThat(cli.sync().pttl(key)).as("later appends keep it so").isEqualTo(-1);

            assertThat(AccountFreeze.set(b, ACCOUNT, false, "", clock.instant())).isTrue();
            assertThat(rules(onA.score(purchase("on-a", 1500)).decision())).doesNotContain(AccountFreeze.RULE);
            assertThat(cli.sync().pttl(key)).as("unfrozen, it expires again").isPositive();
        }
    }

    private static void assertBlockedByTheFreeze(Decision d) {
        assertThat(d.decision()).isEqualTo(Verdict.BLOCK);
        assertThat(rules(d)).containsExactly(AccountFreeze.RULE);
        assertThat(d.reasons().get(0).message()).isEqualTo("not me on alert a-1");
    }

    private static List<String> rules(Decision d) {
        return d.reasons().stream().map(Reason::rule).toList();
    }

    private static double count(SimpleMeterRegistry registry, String operation) {
        return registry.get("riskgate.state.operation.duration").tag("operation", operation).timer().count();
    }

    private StateStore open() {
        return JournalStateStore.open(dir.resolve("data"), clock, false, AnswerWindows.DEFAULT);
    }

    private static StateStore redis(RedisServer server) {
        return RedisStateStore.open(server.url(), "freeze-test:", RedisStateStore.DEFAULT_TIMEOUT, AnswerWindows.DEFAULT);
    }

    private Scorer scorer(StateStore store) {
        return new Scorer(store, () -> pack, clock, List.of(), true);
    }

    private ScoreRequest purchase(String id, int amount) {
        return new ScoreRequestParser(clock).parse(new JsonObject().put("eventId", id).put("type", "purchase")
                .put("accountId", ACCOUNT).put("deviceId", "owner-phone").put("storeId", "store-home")
                .put("currency", "JPY").put("amount", amount).put("occurredAt", clock.instant().toString())
                .put("items", new JsonArray().add(new JsonObject().put("sku", "general").put("quantity", 1)
                        .put("unitPrice", amount))));
    }
}
