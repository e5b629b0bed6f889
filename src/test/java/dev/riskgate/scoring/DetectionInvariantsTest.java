package dev.riskgate.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.riskgate.TestPaths;
import dev.riskgate.decision.Reason;
import dev.riskgate.decision.Verdict;
import dev.riskgate.event.EventType;
import dev.riskgate.event.LineItem;
import dev.riskgate.event.ScoreRequest;
import dev.riskgate.rules.RulePack;
import dev.riskgate.rules.RulePackLoader;
import dev.riskgate.state.memory.MemoryStateStore;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * The shipped pack's owner and attacker invariants (issue 14), on generated histories scored through the
 * real pipeline: owners on a phone they have used for a week, at stores they use, at their usual hour,
 * are never blocked and asked for a second factor only past the ceiling; a never-seen phone splitting
 * top-ups is asked by the third; a never-seen phone buying resale goods after a top-up is blocked. A
 * failure names the history, the event and the rules that fired.
 */
class DetectionInvariantsTest {

    /** Compiled once for the class: a cold build takes seconds. */
    private static final RulePack PACK = load();
    private static final ZoneOffset JST = ZoneOffset.ofHours(9);
    private static final OffsetDateTime START = OffsetDateTime.of(2026, 10, 1, 0, 0, 0, 0, JST);
    private static final double CEILING_PURCHASE = PACK.params().get("ceiling.purchase");
    private static final double CEILING_CHARGE = PACK.params().get("ceiling.charge");

    @AfterContainer
    static void close() {
        PACK.close();
    }

    @Property(tries = 60)
    void ownersAreAllowedBelowTheCeiling(@ForAll @IntRange(min = 7, max = 21) int days,
                                         @ForAll @IntRange(min = 7, max = 21) int hour,
                                         @ForAll boolean topUp, @ForAll("goods") String category,
                                         @ForAll @IntRange(min = 100, max = 99_999) int amount) {
        Owner owner = new Owner(days, hour);
        ScoreRequest event = topUp
                ? owner.charge("now", owner.today(), Math.min(amount, (int) CEILING_CHARGE - 1))
                : owner.purchase("now", owner.today(), owner.usualStore(), category, Math.min(amount, (int) CEILING_PURCHASE - 1));

        Scored scored = owner.score(event);

        assertThat(scored.decision().decision()).as(owner.describe(event, scored)).isEqualTo(Verdict.ALLOW);
    }

    @Property(tries = 30)
    void ownersPastTheCeilingAreAskedNeverBlocked(@ForAll @IntRange(min = 7, max = 21) int days,
                                                 @ForAll @IntRange(min = 7, max = 21) int hour,
                                                 @ForAll boolean topUp, @ForAll("goods") String category,
                                                 @ForAll @IntRange(min = 0, max = 400_000) int over) {
        Owner owner = new Owner(days, hour);
        ScoreRequest event = topUp
                ? owner.charge("now", owner.today(), (int) CEILING_CHARGE + over)
                : owner.purchase("now", owner.today(), owner.usualStore(), category, (int) CEILING_PURCHASE + over);

        Scored scored = owner.score(event);

        assertThat(scored.decision().decision()).as(owner.describe(event, scored)).isEqualTo(Verdict.STEP_UP);
    }

    @Property(tries = 40)
    void neverSeenPhoneSplittingTopUpsIsAskedByTheThird(@ForAll @IntRange(min = 7, max = 21) int days,
                                                       @ForAll @IntRange(min = 0, max = 23) int hour,
                                                       @ForAll("splitAmounts") List<Integer> amounts,
                                                       @ForAll @IntRange(min = 1, max = 5) int minutesApart) {
        Owner owner = new Owner(days, 12);
        OffsetDateTime at = owner.today().withHour(hour);
        Scored third = null;
        ScoreRequest thirdEvent = null;
        for (int i = 0; i < amounts.size() && i < 3; i++) {
            ScoreRequest charge = owner.on("crew-phone", owner.charge("split-" + i, at.plusMinutes((long) i * minutesApart), amounts.get(i)));
            Scored scored = owner.score(charge);
            third = scored;
            thirdEvent = charge;
        }

        assertThat(third.decision().decision()).as(owner.describe(thirdEvent, third)).isIn(Verdict.STEP_UP, Verdict.BLOCK);
    }

    @Property(tries = 40)
    void neverSeenPhoneBuyingResaleGoodsAfterATopUpIsBlocked(@ForAll @IntRange(min = 7, max = 21) int days,
                                                            @ForAll @IntRange(min = 0, max = 23) int hour,
                                                            @ForAll boolean topUpFromTheCrewPhone,
                                                            @ForAll @IntRange(min = 1, max = 100) int topUpThousands,
                                                            @ForAll @IntRange(min = 1, max = 59) int minutesLater,
                                                            @ForAll("resale") String category,
                                                            @ForAll @IntRange(min = 4, max = 20) int fiveThousands) {
        Owner owner = new Owner(days, 12);
        OffsetDateTime at = owner.today().withHour(hour);
        ScoreRequest charge = owner.charge("charge", at, topUpThousands * 1000);
        owner.score(topUpFromTheCrewPhone ? owner.on("crew-phone", charge) : charge);
        ScoreRequest buy = owner.on("crew-phone",
                owner.purchase("cash-out", at.plusMinutes(minutesLater), "store-far", category, fiveThousands * 5000));

        Scored scored = owner.score(buy);

        assertThat(scored.decision().decision()).as(owner.describe(buy, scored)).isEqualTo(Verdict.BLOCK);
    }

    @Provide
    Arbitrary<String> goods() {
        return Arbitraries.of("food", "electronics", "toys", "tobacco", "gift_card", "prepaid_card");
    }

    @Provide
    Arbitrary<String> resale() {
        return Arbitraries.of("tobacco", "gift_card", "e-cigarette");
    }

    @Provide
    Arbitrary<List<Integer>> splitAmounts() {
        return Arbitraries.integers().between(1, 60).map(k -> k * 1000).list().ofMinSize(3).ofMaxSize(5);
    }

    /**
     * An owner's account: {@code days} days on one phone, lunch at a usual store around {@code hour}
     * every day, a second store every other day, a ¥5,000 top-up every five days. Scored through the
     * real pipeline, so the history is what the pack itself recorded.
     */
    private static final class Owner {
        private final MemoryStateStore store = new MemoryStateStore();
        private final Scorer scorer = new Scorer(store, () -> PACK, Clock.systemUTC());
        private final String account = "owner-" + System.nanoTime();
        private final List<String> history = new ArrayList<>();
        private final int days;
        private final int hour;

        Owner(int days, int hour) {
            this.days = days;
            this.hour = hour;
            for (int d = 0; d < days; d++) {
                OffsetDateTime day = START.plusDays(d).withHour(hour);
                record(purchase("h-lunch-" + d, day.plusMinutes(d % 40), usualStore(), "food", 600 + 100 * (d % 10)));
                if (d % 2 == 0) {
                    record(purchase("h-coffee-" + d, day.minusMinutes(30), "store-station", "food", 400));
                }
                if (d % 5 == 0) {
                    record(charge("h-charge-" + d, day.minusMinutes(45), 5000));
                }
            }
        }

        OffsetDateTime today() {
            return START.plusDays(days).withHour(hour).plusMinutes(10);
        }

        String usualStore() {
            return "store-usual";
        }

        ScoreRequest purchase(String id, OffsetDateTime at, String storeId, String category, int amount) {
            return new ScoreRequest(account + "-" + id, EventType.PURCHASE, account, "owner-phone", at,
                    BigDecimal.valueOf(amount), "JPY", storeId,
                    List.of(new LineItem("sku-" + category, category, 1, BigDecimal.valueOf(amount))), "wallet", null);
        }

        ScoreRequest charge(String id, OffsetDateTime at, int amount) {
            return new ScoreRequest(account + "-" + id, EventType.CHARGE, account, "owner-phone", at,
                    BigDecimal.valueOf(amount), "JPY", null, List.of(), "card", null);
        }

        ScoreRequest on(String device, ScoreRequest r) {
            return new ScoreRequest(r.eventId(), r.type(), r.accountId(), account + "-" + device, r.occurredAt(),
                    r.amount(), r.currency(), r.storeId(), r.items(), r.fundingSource(), r.ip());
        }

        private void record(ScoreRequest r) {
            Scored s = scorer.score(r);
            history.add(line(r, s));
        }

        Scored score(ScoreRequest r) {
            Scored s = scorer.score(r);
            history.add(line(r, s));
            return s;
        }

        String describe(ScoreRequest event, Scored scored) {
            List<String> fired = scored.decision().reasons().stream().map(Reason::rule).toList();
            return "history (" + days + " days at " + hour + ":00; " + history.size() + " events, the last ones):\n  "
                    + String.join("\n  ", history.subList(Math.max(0, history.size() - 8), history.size()))
                    + "\nevent: " + line(event, scored) + "\nfired: " + fired;
        }

        private static String line(ScoreRequest r, Scored s) {
            return String.format("%s %s %s on %s at %s, %s %s -> %s %d", r.occurredAt(), r.type(), r.amount(),
                    r.deviceId(), r.storeId(), r.items().isEmpty() ? "" : r.items().get(0).category(), "",
                    s.decision().decision(), s.decision().score());
        }
    }

    private static RulePack load() {
        try {
            return new RulePackLoader(Clock.systemUTC()).load(TestPaths.rules());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
