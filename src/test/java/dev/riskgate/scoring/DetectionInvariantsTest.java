package dev.riskgate.scoring;

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
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The shipped pack's owner and attacker invariants (issue 14), on generated histories scored through the
 * real pipeline: owners on a phone they have used for a week, at stores they use, at their usual hour,
 * are never blocked and asked for a second factor only past the ceiling; a never-seen phone splitting
 * top-ups is asked by the third; a never-seen phone buying resale goods after a top-up is blocked.
 *
 * <p>Plain JUnit: each property draws a few hundred cases from a {@link SplittableRandom} with a fixed
 * seed, so a run is repeatable. A failing case is shrunk (smaller amounts, shorter histories, earlier
 * times, the first of a list) to the smallest one that still fails, and the failure names the seed, the
 * case index, the case as drawn and as shrunk, the history, the event, the decision and the rules that fired.
 */
class DetectionInvariantsTest {

    /** Compiled once for the class: a cold build takes seconds. */
    private static final RulePack PACK = load();
    private static final ZoneOffset JST = ZoneOffset.ofHours(9);
    private static final OffsetDateTime START = OffsetDateTime.of(2026, 10, 1, 0, 0, 0, 0, JST);
    private static final int CEILING_PURCHASE = (int) PACK.params().get("ceiling.purchase");
    private static final int CEILING_CHARGE = (int) PACK.params().get("ceiling.charge");
    private static final List<String> GOODS = List.of("food", "electronics", "toys", "tobacco", "gift_card", "prepaid_card");
    private static final List<String> RESALE = List.of("tobacco", "gift_card", "e-cigarette");

    @AfterAll
    static void close() {
        PACK.close();
    }

    @Test
    void ownersAreAllowedBelowTheCeiling() {
        forAll(14_001L, 300, OwnerBuys::draw, c -> {
            Owner owner = new Owner(c.days(), c.hour());
            ScoreRequest event = c.topUp()
                    ? owner.charge("now", owner.today(), Math.min(c.amount(), CEILING_CHARGE - 1))
                    : owner.purchase("now", owner.today(), owner.usualStore(), c.category(), Math.min(c.amount(), CEILING_PURCHASE - 1));
            return owner.expect(event, Set.of(Verdict.ALLOW));
        });
    }

    @Test
    void ownersPastTheCeilingAreAskedNeverBlocked() {
        forAll(14_002L, 200, OwnerBuysOver::draw, c -> {
            Owner owner = new Owner(c.days(), c.hour());
            ScoreRequest event = c.topUp()
                    ? owner.charge("now", owner.today(), CEILING_CHARGE + c.over())
                    : owner.purchase("now", owner.today(), owner.usualStore(), c.category(), CEILING_PURCHASE + c.over());
            return owner.expect(event, Set.of(Verdict.STEP_UP));
        });
    }

    @Test
    void neverSeenPhoneSplittingTopUpsIsAskedByTheThird() {
        forAll(14_003L, 200, SplitTopUps::draw, c -> {
            Owner owner = new Owner(c.days(), 12);
            OffsetDateTime at = owner.today().withHour(c.hour());
            for (int i = 0; i < 2; i++) {
                owner.score(owner.on("crew-phone", owner.charge("split-" + i, at.plusMinutes((long) i * c.minutesApart()), c.amounts().get(i))));
            }
            ScoreRequest third = owner.on("crew-phone", owner.charge("split-2", at.plusMinutes(2L * c.minutesApart()), c.amounts().get(2)));
            return owner.expect(third, Set.of(Verdict.STEP_UP, Verdict.BLOCK));
        });
    }

    @Test
    void neverSeenPhoneBuyingResaleGoodsAfterATopUpIsBlocked() {
        forAll(14_004L, 200, TopUpThenResale::draw, c -> {
            Owner owner = new Owner(c.days(), 12);
            OffsetDateTime at = owner.today().withHour(c.hour());
            ScoreRequest charge = owner.charge("charge", at, c.topUpThousands() * 1000);
            owner.score(c.topUpFromTheCrewPhone() ? owner.on("crew-phone", charge) : charge);
            ScoreRequest buy = owner.on("crew-phone",
                    owner.purchase("cash-out", at.plusMinutes(c.minutesLater()), "store-far", c.category(), c.fiveThousands() * 5000));
            return owner.expect(buy, Set.of(Verdict.BLOCK));
        });
    }

    /** An owner's top-up or purchase at their usual store and hour; the amount is clipped below the ceiling. */
    private record OwnerBuys(int days, int hour, boolean topUp, String category, int amount) implements Case<OwnerBuys> {
        static OwnerBuys draw(SplittableRandom r) {
            return new OwnerBuys(r.nextInt(7, 22), r.nextInt(7, 22), r.nextBoolean(), pick(r, GOODS), r.nextInt(100, 100_000));
        }

        @Override
        public Stream<OwnerBuys> smaller() {
            return Stream.of(
                    towards(100, amount).mapToObj(a -> new OwnerBuys(days, hour, topUp, category, a)),
                    towards(7, days).mapToObj(d -> new OwnerBuys(d, hour, topUp, category, amount)),
                    towards(7, hour).mapToObj(h -> new OwnerBuys(days, h, topUp, category, amount)),
                    earlier(GOODS, category).map(g -> new OwnerBuys(days, hour, topUp, g, amount)),
                    topUp ? Stream.of(new OwnerBuys(days, hour, false, category, amount)) : Stream.<OwnerBuys>empty())
                    .flatMap(s -> s);
        }
    }

    /** An owner's top-up or purchase at their usual store and hour, {@code over} yen past the ceiling. */
    private record OwnerBuysOver(int days, int hour, boolean topUp, String category, int over) implements Case<OwnerBuysOver> {
        static OwnerBuysOver draw(SplittableRandom r) {
            return new OwnerBuysOver(r.nextInt(7, 22), r.nextInt(7, 22), r.nextBoolean(), pick(r, GOODS), r.nextInt(0, 400_001));
        }

        @Override
        public Stream<OwnerBuysOver> smaller() {
            return Stream.of(
                    towards(0, over).mapToObj(o -> new OwnerBuysOver(days, hour, topUp, category, o)),
                    towards(7, days).mapToObj(d -> new OwnerBuysOver(d, hour, topUp, category, over)),
                    towards(7, hour).mapToObj(h -> new OwnerBuysOver(days, h, topUp, category, over)),
                    earlier(GOODS, category).map(g -> new OwnerBuysOver(days, hour, topUp, g, over)),
                    topUp ? Stream.of(new OwnerBuysOver(days, hour, false, category, over)) : Stream.<OwnerBuysOver>empty())
                    .flatMap(s -> s);
        }
    }

    /** Three top-ups from a never-seen phone, {@code minutesApart} apart, starting at {@code hour} today. */
    private record SplitTopUps(int days, int hour, List<Integer> amounts, int minutesApart) implements Case<SplitTopUps> {
        static SplitTopUps draw(SplittableRandom r) {
            List<Integer> amounts = IntStream.range(0, 3).mapToObj(i -> r.nextInt(1, 61) * 1000).toList();
            return new SplitTopUps(r.nextInt(7, 22), r.nextInt(0, 24), amounts, r.nextInt(1, 6));
        }

        @Override
        public Stream<SplitTopUps> smaller() {
            Stream<SplitTopUps> amountsSmaller = IntStream.range(0, amounts.size()).boxed().flatMap(i ->
                    towards(1, amounts.get(i) / 1000).mapToObj(k -> {
                        List<Integer> fewer = new ArrayList<>(amounts);
                        fewer.set(i, k * 1000);
                        return new SplitTopUps(days, hour, List.copyOf(fewer), minutesApart);
                    }));
            return Stream.of(
                    amountsSmaller,
                    towards(7, days).mapToObj(d -> new SplitTopUps(d, hour, amounts, minutesApart)),
                    towards(0, hour).mapToObj(h -> new SplitTopUps(days, h, amounts, minutesApart)),
                    towards(1, minutesApart).mapToObj(m -> new SplitTopUps(days, hour, amounts, m)))
                    .flatMap(s -> s);
        }
    }

    /** A top-up (from the owner's or a never-seen phone), then resale goods from the never-seen phone at a far store. */
    private record TopUpThenResale(int days, int hour, boolean topUpFromTheCrewPhone, int topUpThousands, int minutesLater,
                                   String category, int fiveThousands) implements Case<TopUpThenResale> {
        static TopUpThenResale draw(SplittableRandom r) {
            return new TopUpThenResale(r.nextInt(7, 22), r.nextInt(0, 24), r.nextBoolean(), r.nextInt(1, 101),
                    r.nextInt(1, 60), pick(r, RESALE), r.nextInt(4, 21));
        }

        @Override
        public Stream<TopUpThenResale> smaller() {
            return Stream.of(
                    towards(1, topUpThousands).mapToObj(t -> new TopUpThenResale(days, hour, topUpFromTheCrewPhone, t, minutesLater, category, fiveThousands)),
                    towards(4, fiveThousands).mapToObj(f -> new TopUpThenResale(days, hour, topUpFromTheCrewPhone, topUpThousands, minutesLater, category, f)),
                    towards(7, days).mapToObj(d -> new TopUpThenResale(d, hour, topUpFromTheCrewPhone, topUpThousands, minutesLater, category, fiveThousands)),
                    towards(0, hour).mapToObj(h -> new TopUpThenResale(days, h, topUpFromTheCrewPhone, topUpThousands, minutesLater, category, fiveThousands)),
                    towards(1, minutesLater).mapToObj(m -> new TopUpThenResale(days, hour, topUpFromTheCrewPhone, topUpThousands, m, category, fiveThousands)),
                    earlier(RESALE, category).map(g -> new TopUpThenResale(days, hour, topUpFromTheCrewPhone, topUpThousands, minutesLater, g, fiveThousands)),
                    topUpFromTheCrewPhone
                            ? Stream.of(new TopUpThenResale(days, hour, false, topUpThousands, minutesLater, category, fiveThousands))
                            : Stream.<TopUpThenResale>empty())
                    .flatMap(s -> s);
        }
    }

    /** A generated case that can propose simpler versions of itself, simplest first. */
    private interface Case<C> {
        Stream<C> smaller();
    }

    /** Whether the property held for one case, and what happened, readably. */
    private record Outcome(boolean holds, String report) {}

    /** Shrinking stops after this many re-runs, so a failure is reported in seconds even on a loaded machine. */
    private static final int SHRINK_BUDGET = 300;

    /**
     * Runs {@code check} on {@code tries} cases drawn from one seeded random stream. On the first failing
     * case, shrinks greedily: takes the first simpler case that still fails, and again from there, until no
     * simpler case fails or the budget is spent; then fails with the seed, the index and both cases.
     */
    private static <C extends Case<C>> void forAll(long seed, int tries, Function<SplittableRandom, C> draw,
                                                   Function<C, Outcome> check) {
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < tries; i++) {
            C drawn = draw.apply(random);
            Outcome outcome = check.apply(drawn);
            if (outcome.holds()) {
                continue;
            }
            C smallest = drawn;
            int steps = 0;
            int runs = 0;
            boolean shrunk = true;
            while (shrunk && runs < SHRINK_BUDGET) {
                shrunk = false;
                for (C candidate : (Iterable<C>) smallest.smaller()::iterator) {
                    if (++runs > SHRINK_BUDGET) {
                        break;
                    }
                    Outcome tried = check.apply(candidate);
                    if (!tried.holds()) {
                        smallest = candidate;
                        outcome = tried;
                        steps++;
                        shrunk = true;
                        break;
                    }
                }
            }
            throw new AssertionError(String.format(
                    "property failed: seed %d, case %d of %d%n  drawn:    %s%n  smallest: %s (%d shrink steps, %d re-runs)%n%s",
                    seed, i, tries, drawn, smallest, steps, Math.min(runs, SHRINK_BUDGET), outcome.report()));
        }
    }

    /** {@code min}, then values ever closer to {@code value}: halfway, three quarters, ..., {@code value - 1}. */
    private static IntStream towards(int min, int value) {
        return IntStream.iterate(value - min, gap -> gap > 0, gap -> gap / 2).map(gap -> value - gap).distinct();
    }

    /** The entries before {@code value} in {@code list}, first first. */
    private static Stream<String> earlier(List<String> list, String value) {
        return list.subList(0, list.indexOf(value)).stream();
    }

    private static String pick(SplittableRandom random, List<String> list) {
        return list.get(random.nextInt(list.size()));
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

        /** Scores {@code event} and holds if its verdict is one of {@code wanted}. */
        Outcome expect(ScoreRequest event, Set<Verdict> wanted) {
            Scored scored = score(event);
            return new Outcome(wanted.contains(scored.decision().decision()),
                    "expected " + EnumSet.copyOf(wanted) + ", got " + scored.decision().decision() + "\n" + describe(event, scored));
        }

        /** The history before {@code event} (the last thing scored), the event, its verdict and the rules that fired. */
        private String describe(ScoreRequest event, Scored scored) {
            List<String> fired = scored.decision().reasons().stream().map(Reason::rule).toList();
            List<String> before = history.subList(0, history.size() - 1);
            return "history (" + days + " days at " + hour + ":00; " + before.size() + " events, the last ones):\n  "
                    + String.join("\n  ", before.subList(Math.max(0, before.size() - 8), before.size()))
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
