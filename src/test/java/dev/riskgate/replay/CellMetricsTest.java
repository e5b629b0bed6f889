package dev.riskgate.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.riskgate.decision.Verdict;
import dev.riskgate.event.EventType;
import dev.riskgate.event.ScoreRequest;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The matrix's arithmetic on a small hand-made labelled stream whose counts can be checked by hand. */
class CellMetricsTest {

    private static final OffsetDateTime DAY_ONE = OffsetDateTime.parse("2019-07-01T10:00:00+09:00");
    private static final Instant FIRST_WEEK_END = DAY_ONE.plusDays(7).toInstant();

    private final List<ReplayEvent> events = new ArrayList<>();
    private final List<PackReplay.Result> results = new ArrayList<>();
    private final Map<String, Labels.Label> labels = new HashMap<>();

    private void event(String id, String account, int day, long amount, boolean fraud, String campaign, String segment,
                       Verdict verdict, boolean settled, String... rules) {
        event(EventType.PURCHASE, id, account, day, amount, fraud, campaign, segment, verdict, settled, rules);
    }

    private void event(EventType type, String id, String account, int day, long amount, boolean fraud, String campaign,
                       String segment, Verdict verdict, boolean settled, String... rules) {
        ScoreRequest req = new ScoreRequest(id, type, account, "dev-" + account, DAY_ONE.plusDays(day),
                BigDecimal.valueOf(amount), "JPY", type == EventType.PURCHASE ? "store-1" : null, List.of(), null, null);
        events.add(new ReplayEvent(req, List.of()));
        results.add(new PackReplay.Result(verdict, 0, List.of(rules), settled));
        labels.put(id, new Labels.Label(fraud, campaign, segment));
    }

    private CellMetrics metrics() {
        return CellMetrics.of(events, results.toArray(PackReplay.Result[]::new), 0, Labels.of(labels), FIRST_WEEK_END);
    }

    @Test
    void aSettledTopUpIsAllowedFraudMoneyButNotFraudSpend() {
        event(EventType.CHARGE, "c1", "v1", 15, 90_000, true, "takeover-drain", "", Verdict.STEP_UP, true, "rule A");
        event("p1", "v1", 15, 90_000, true, "takeover-drain", "", Verdict.BLOCK, false, "rule B");
        event("p2", "v1", 15, 10_000, true, "takeover-drain", "", Verdict.ALLOW, true);

        CellMetrics m = metrics();

        assertThat(m.fraudMoneyAllowedShare()).isCloseTo(100_000 / 190_000.0, within(1e-12));
        assertThat(m.fraudSpend()).isEqualTo(100_000.0);
        assertThat(m.fraudSpendAllowedShare()).isCloseTo(0.1, within(1e-12));
        assertThat(m.fraudMoneyByCampaign().get("takeover-drain")).containsExactly(190_000.0, 100_000.0, 100_000.0, 10_000.0);
    }

    @Test
    void countsOwnersAndPackSmokersBySegment() {
        // a week of the owner on one device at store-1, then a big purchase there and a big top-up
        for (int d = 0; d < 8; d++) {
            event("l" + d, "o", d, 800, false, "", "", Verdict.ALLOW, true);
        }
        event("big", "o", 8, 48_000, false, "", "", Verdict.STEP_UP, true, "rule A");
        event(EventType.CHARGE, "top", "o", 8, 50_000, false, "", "", Verdict.ALLOW, true);
        event("pack", "s", 8, 600, false, "", "pack-smoker", Verdict.BLOCK, false, "rule B");

        Map<String, long[]> segments = metrics().legitBySegment();

        // events before day 7 are not an owner's yet (the device is younger than a week); day 7's is
        assertThat(segments.get("owners: purchase under ¥20,000")).containsExactly(1, 0, 0);
        assertThat(segments.get("owners: purchase ¥20,000-60,000")).containsExactly(1, 1, 0);
        assertThat(segments.get("owners: top-up ¥20,000-60,000")).containsExactly(1, 0, 0);
        assertThat(segments.get("pack smokers")).containsExactly(1, 0, 1);
        assertThat(segments).doesNotContainKey(FrictionSegments.NEW_PHONE);
    }

    @Test
    void countsFrictionFraudMoneyAndRegularSmokersByHand() {
        // Ten legitimate events: 2 stepped up (one in the first week), 1 blocked (a pack smoker, day 9).
        for (int i = 0; i < 7; i++) {
            event("l" + i, "a" + i, i * 2, 500, false, "", "", Verdict.ALLOW, true);
        }
        event("s1", "a1", 3, 900, false, "", "", Verdict.STEP_UP, true, "rule A", "rule B");
        event("s2", "a2", 10, 900, false, "", "", Verdict.STEP_UP, true, "rule A");
        event("b1", "smoker", 9, 6000, false, "", "pack-smoker", Verdict.BLOCK, false, "rule C");
        // Four fraud events worth 10,000 in all: 1,000 allowed outright, 2,000 stepped up but phished, the rest stopped.
        event("f1", "v1", 15, 1000, true, "takeover-drain", "", Verdict.ALLOW, true);
        event("f2", "v1", 15, 2000, true, "takeover-drain", "", Verdict.STEP_UP, true, "rule A");
        event("f3", "v2", 16, 3000, true, "mule-handset", "", Verdict.STEP_UP, false, "rule D");
        event("f4", "v2", 16, 4000, true, "mule-handset", "pack-smoker", Verdict.BLOCK, false, "rule D");

        CellMetrics m = metrics();

        assertThat(m.legitEvents()).isEqualTo(10);
        assertThat(m.legitSteppedUp()).isEqualTo(2);
        assertThat(m.legitBlocked()).isEqualTo(1);
        assertThat(m.legitSteppedUpShare()).isCloseTo(0.2, within(1e-12));
        assertThat(m.legitBlockedShare()).isCloseTo(0.1, within(1e-12));
        // Days 0, 2, 4, 6 of the allowed ones and s1 (day 3) fall in the first week.
        assertThat(m.firstWeekLegit()).isEqualTo(5);
        assertThat(m.firstWeekSteppedUp()).isEqualTo(1);
        assertThat(m.firstWeekBlocked()).isZero();
        assertThat(m.fraudEvents()).isEqualTo(4);
        assertThat(m.fraudStopped()).isEqualTo(2);
        assertThat(m.fraudEventsStoppedShare()).isCloseTo(0.5, within(1e-12));
        assertThat(m.fraudMoney()).isEqualTo(10_000.0);
        assertThat(m.fraudMoneyAllowed()).isEqualTo(3000.0);
        assertThat(m.fraudMoneyAllowedShare()).isCloseTo(0.3, within(1e-12));
        // every event here is a purchase, so all of the allowed money was spent
        assertThat(m.fraudSpend()).isEqualTo(10_000.0);
        assertThat(m.fraudSpendAllowedShare()).isCloseTo(0.3, within(1e-12));
        // per attack: money, allowed, purchases' money, purchases allowed
        assertThat(m.fraudMoneyByCampaign().get("takeover-drain")).containsExactly(3000.0, 3000.0, 3000.0, 3000.0);
        assertThat(m.fraudMoneyByCampaign().get("mule-handset")).containsExactly(7000.0, 0.0, 7000.0, 0.0);
        // A victim's segment says nothing about the attacker: only legitimate blocks count.
        assertThat(m.regularSmokersBlocked()).containsExactly("smoker");
        assertThat(m.legitFrictionByRule()).containsOnly(Map.entry("rule A", 2L), Map.entry("rule B", 1L),
                Map.entry("rule C", 1L));
        assertThat(m.regularSmokerBlocksByRule()).containsOnly(Map.entry("rule C", 1L));
        assertThat(m.misses()).containsExactly("legit stepped up 20.00% > 0.5%", "legit blocked 10.000% > 0.02%",
                "fraud money allowed 30.00% > 1%", "1 regular smoker(s) blocked");
    }

    @Test
    void aCellWithinEveryTargetMissesNothing() {
        for (int i = 0; i < 10_000; i++) {
            event("l" + i, "a" + (i % 100), i % 30, 500, false, "", i % 3 == 0 ? "pack-smoker" : "", Verdict.ALLOW, true);
        }
        event("s", "a1", 1, 500, false, "", "", Verdict.STEP_UP, true, "rule A");
        event("b", "a2", 1, 500, false, "", "", Verdict.BLOCK, false, "rule B");
        event("f1", "v", 20, 99_000, true, "topup-burst", "", Verdict.BLOCK, false, "rule C");
        event("f2", "v", 20, 1000, true, "topup-burst", "", Verdict.ALLOW, true);

        CellMetrics m = metrics();

        assertThat(m.legitBlockedShare()).isCloseTo(1 / 10_002.0, within(1e-12));
        assertThat(m.fraudMoneyAllowedShare()).isCloseTo(0.01, within(1e-12));
        assertThat(m.misses()).isEmpty();
    }

    @Test
    void seedsOfOneWorldAddUp() {
        event("l1", "a", 0, 500, false, "", "", Verdict.STEP_UP, true, "rule A");
        event("f1", "v", 0, 1000, true, "gift-card-drain", "", Verdict.ALLOW, true);
        CellMetrics one = metrics();
        events.clear();
        results.clear();
        labels.clear();
        event("l2", "b", 8, 500, false, "", "pack-smoker", Verdict.BLOCK, false, "rule A");
        event("f2", "w", 8, 3000, true, "gift-card-drain", "", Verdict.BLOCK, false);
        CellMetrics both = one.plus(metrics());

        assertThat(both.legitEvents()).isEqualTo(2);
        assertThat(both.legitSteppedUp()).isEqualTo(1);
        assertThat(both.legitBlocked()).isEqualTo(1);
        assertThat(both.firstWeekLegit()).isEqualTo(1);
        assertThat(both.fraudMoneyAllowedShare()).isCloseTo(0.25, within(1e-12));
        assertThat(both.legitFrictionByRule()).containsOnly(Map.entry("rule A", 2L));
        assertThat(both.regularSmokersBlocked()).containsExactly("b");
        assertThat(both.regularSmokerBlocksByRule()).containsOnly(Map.entry("rule A", 1L));
        assertThat(both.fraudMoneyByCampaign().get("gift-card-drain")).containsExactly(4000.0, 1000.0, 4000.0, 1000.0);
    }

    @Test
    void unlabelledEventsAndTheWarmUpAreNotCounted() {
        event("l1", "a", 0, 500, false, "", "", Verdict.BLOCK, false);
        event("l2", "a", 1, 500, false, "", "", Verdict.ALLOW, true);
        ScoreRequest unlabelled = new ScoreRequest("x", EventType.PURCHASE, "a", "d", DAY_ONE, BigDecimal.TEN, "JPY",
                "store-1", List.of(), null, null);
        events.add(new ReplayEvent(unlabelled, List.of()));
        results.add(new PackReplay.Result(Verdict.BLOCK, 90, List.of(), false));

        CellMetrics m = CellMetrics.of(events, results.toArray(PackReplay.Result[]::new), 1, Labels.of(labels),
                FIRST_WEEK_END);

        assertThat(m.legitEvents()).isEqualTo(1);
        assertThat(m.legitBlocked()).isZero();
    }
}
