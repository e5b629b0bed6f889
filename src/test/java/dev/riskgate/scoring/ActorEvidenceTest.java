package dev.riskgate.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.riskgate.TestPaths;
import dev.riskgate.event.EventType;
import dev.riskgate.rules.Parameters;
import dev.riskgate.rules.RulePack;
import dev.riskgate.rules.RulePackLoader;
import dev.riskgate.rules.facts.Actor;
import dev.riskgate.rules.facts.DeviceStanding;
import dev.riskgate.rules.facts.Evidence;
import dev.riskgate.rules.facts.HourHabit;
import dev.riskgate.rules.facts.StoreStanding;
import dev.riskgate.state.HistoryEvent;
import dev.riskgate.state.Resale;
import dev.riskgate.state.Status;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A cloned or spoofed device id at the owner's usual hour carries no device sign: the store and the goods
 * tell the other person. The owner's own phone, trusted for weeks, at the account's usual hour, throughout.
 */
class ActorEvidenceTest {

    private static final Instant NOW = Instant.parse("2026-10-20T05:00:00Z");
    private static final DeviceStanding OWNERS_PHONE = new DeviceStanding(true, true, 19, false, false,
            20 * 24 * 60, 1, 40, 20 * 24 * 60);
    private static final HourHabit USUAL_HOUR = new HourHabit(40, 12);
    private static final List<Resale> CARTONS = List.of(new Resale("tobacco", 3, 16_500));
    private static RulePack pack;
    private static Parameters params;

    @BeforeAll
    static void load() throws Exception {
        pack = new RulePackLoader(Clock.systemUTC()).load(TestPaths.rules());
        params = pack.params();
    }

    @AfterAll
    static void close() {
        pack.close();
    }

    @Test
    void cartonsAtANewStoreOnAnAccountThatNeverBoughtTobaccoAreStrongEvidence() {
        Actor actor = judge(new StoreStanding("far", 0, 0, 3), CARTONS, lunches(20, List.of()));

        assertThat(actor.level()).isEqualTo(Evidence.STRONG);
        assertThat(actor.reasons()).contains("a store the account never used", "tobacco on an account that never bought any");
    }

    @Test
    void aSmokersCartonsAtANewStoreAreOneWeakSign() {
        Actor actor = judge(new StoreStanding("far", 0, 0, 3), CARTONS,
                lunches(20, List.of(new Resale("tobacco", 0.1, 600))));

        assertThat(actor.level()).isEqualTo(Evidence.WEAK);
        assertThat(actor.reasons()).doesNotContain("tobacco");
    }

    @Test
    void anOwnersFirstCartonsAtTheirOwnStoreAreNoSign() {
        Actor actor = judge(new StoreStanding("corner", 12, 9 * 24 * 60, 3), CARTONS, lunches(20, List.of()));

        assertThat(actor.level()).isEqualTo(Evidence.NONE);
    }

    @Test
    void aStoreFirstUsedMinutesAgoIsStillNew() {
        // the thief's first purchase at the far store settled seven minutes ago
        Actor actor = judge(new StoreStanding("far", 1, 7, 4), List.of(), lunches(20, List.of()));

        assertThat(actor.level()).isEqualTo(Evidence.WEAK);
        assertThat(actor.reasons()).contains("a store the account first used 7 minutes ago");
    }

    @Test
    void aStoreUsedForDaysIsTheAccountsOwn() {
        Actor actor = judge(new StoreStanding("corner", 12, 9 * 24 * 60, 3), CARTONS,
                lunches(20, List.of(new Resale("tobacco", 1, 5500))));

        assertThat(actor.level()).isEqualTo(Evidence.NONE);
    }

    @Test
    void aCustomerWhoAlwaysPaysAtOneShopHasAStoreHabit() {
        Actor actor = judge(new StoreStanding("far", 0, 0, 1), List.of(), lunches(20, List.of()));

        assertThat(actor.level()).isEqualTo(Evidence.WEAK);
        assertThat(actor.reasons()).contains("a store the account never used");
    }

    @Test
    void giftCardsAreNotJudgedByTheAccountsGoods() {
        Actor actor = judge(new StoreStanding("corner", 12, 9 * 24 * 60, 3),
                List.of(new Resale("gift_card", 3, 30_000)), lunches(20, List.of()));

        assertThat(actor.level()).isEqualTo(Evidence.NONE);
    }

    @Test
    void tobaccoOnAThinHistoryIsNoSign() {
        Actor actor = judge(new StoreStanding("corner", 3, 9 * 24 * 60, 2), CARTONS, lunches(2, List.of()));

        assertThat(actor.level()).isEqualTo(Evidence.NONE);
    }

    private static Actor judge(StoreStanding store, List<Resale> basket, List<HistoryEvent> history) {
        return ActorEvidence.judge(OWNERS_PHONE, USUAL_HOUR, store, basket, "acct", "phone", history, List.of(), NOW,
                params);
    }

    /** {@code n} settled purchases at the corner shop, one a day before today; the first holds {@code first}. */
    private static List<HistoryEvent> lunches(int n, List<Resale> first) {
        List<HistoryEvent> events = new ArrayList<>();
        for (int i = n; i >= 1; i--) {
            events.add(new HistoryEvent("l" + i, EventType.PURCHASE, NOW.minus(Duration.ofDays(i)), 800, "acct", "phone",
                    "corner", Status.ALLOWED, false, i == n ? first : List.of()));
        }
        return events;
    }
}
