package dev.riskgate.replay;

import dev.riskgate.decision.Verdict;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What one backtest cost legitimate customers and let attackers keep: the counts behind every figure
 * of the detection matrix, so cells can be summed and shares computed from the sums. Fraud money is
 * allowed when it settled (allowed, or stepped up and the phished code passed). Fraud spend is the
 * part of it that left the wallet (purchases): a settled top-up whose drain was stopped is still in the
 * victim's wallet and can be refunded to the card, so the two together say where a pack's leak is.
 */
public record CellMetrics(long legitEvents, long legitSteppedUp, long legitBlocked,
                          long firstWeekLegit, long firstWeekSteppedUp, long firstWeekBlocked,
                          long fraudEvents, long fraudStopped, double fraudMoney, double fraudMoneyAllowed,
                          double fraudSpend, double fraudSpendAllowed, Set<String> regularSmokersBlocked, Map<String, Long> legitFrictionByRule,
                          Map<String, Long> regularSmokerBlocksByRule, Map<String, double[]> fraudMoneyByCampaign,
                          Map<String, long[]> legitBySegment) {

    /** The targets, in every cell. */
    public static final double MAX_LEGIT_STEPPED_UP = 0.005;
    public static final double MAX_LEGIT_BLOCKED = 0.0002;
    public static final double MAX_FRAUD_MONEY_ALLOWED = 0.01;
    /** Owners on a device they have used for a week, at a store they use, in each band below the ceiling. */
    public static final double MAX_OWNER_STEPPED_UP = 0.02;
    /** The segment whose customers must never be blocked. */
    public static final String REGULAR_SMOKER = "pack-smoker";

    public CellMetrics {
        regularSmokersBlocked = Set.copyOf(regularSmokersBlocked);
        legitFrictionByRule = Map.copyOf(legitFrictionByRule);
        regularSmokerBlocksByRule = Map.copyOf(regularSmokerBlocksByRule);
        Map<String, double[]> copy = new TreeMap<>();
        fraudMoneyByCampaign.forEach((k, v) -> copy.put(k, v.clone()));
        fraudMoneyByCampaign = copy;
        Map<String, long[]> segments = new TreeMap<>();
        legitBySegment.forEach((k, v) -> segments.put(k, v.clone()));
        legitBySegment = segments;
    }

    /**
     * Counts labelled events from {@code from} on; those before {@code firstWeekEnd} also count as the
     * first week's. Unlabelled events are ignored.
     */
    static CellMetrics of(List<ReplayEvent> events, PackReplay.Result[] results, int from, Labels labels,
                          Instant firstWeekEnd) {
        return of(List.of(), events, results, from, labels, firstWeekEnd);
    }

    /**
     * As above, with legitimate events also counted per {@link FrictionSegments segment} ({@code legitBySegment}:
     * events, stepped up, blocked), judged on {@code history} and the events before each one.
     */
    static CellMetrics of(List<ReplayEvent> history, List<ReplayEvent> events, PackReplay.Result[] results, int from,
                          Labels labels, Instant firstWeekEnd) {
        FrictionSegments segmentsOf = new FrictionSegments();
        history.forEach(e -> segmentsOf.record(e.request()));
        for (int i = 0; i < from; i++) {
            segmentsOf.record(events.get(i).request());
        }
        Map<String, long[]> bySegment = new HashMap<>();
        long legit = 0, stepped = 0, blocked = 0, weekLegit = 0, weekStepped = 0, weekBlocked = 0;
        long fraud = 0, stopped = 0;
        double money = 0, allowed = 0, spend = 0, spendAllowed = 0;
        Set<String> smokers = new HashSet<>();
        Map<String, Long> friction = new HashMap<>();
        Map<String, Long> smokerBlocks = new HashMap<>();
        Map<String, double[]> byCampaign = new HashMap<>();
        for (int i = from; i < results.length; i++) {
            var req = events.get(i).request();
            Labels.Label label = labels.label(req.eventId());
            if (label == null) {
                segmentsOf.record(req);
                continue;
            }
            PackReplay.Result r = results[i];
            if (label.fraud()) {
                segmentsOf.record(req);
                double amount = req.amount().doubleValue();
                fraud++;
                money += amount;
                double[] c = byCampaign.computeIfAbsent(label.campaign(), k -> new double[4]);
                c[0] += amount;
                boolean purchase = req.type() == dev.riskgate.event.EventType.PURCHASE;
                spend += purchase ? amount : 0;
                c[2] += purchase ? amount : 0;
                if (r.settled()) {
                    allowed += amount;
                    spendAllowed += purchase ? amount : 0;
                    c[1] += amount;
                    c[3] += purchase ? amount : 0;
                } else {
                    stopped++;
                }
                continue;
            }
            for (String segment : segmentsOf.of(req, label)) {
                long[] c = bySegment.computeIfAbsent(segment, k -> new long[3]);
                c[0]++;
                c[1] += r.verdict() == Verdict.STEP_UP ? 1 : 0;
                c[2] += r.verdict() == Verdict.BLOCK ? 1 : 0;
            }
            boolean firstWeek = req.occurredAt().toInstant().isBefore(firstWeekEnd);
            legit++;
            weekLegit += firstWeek ? 1 : 0;
            if (r.verdict() == Verdict.ALLOW) {
                continue;
            }
            if (r.verdict() == Verdict.STEP_UP) {
                stepped++;
                weekStepped += firstWeek ? 1 : 0;
            } else {
                blocked++;
                weekBlocked += firstWeek ? 1 : 0;
                if (REGULAR_SMOKER.equals(label.segment())) {
                    smokers.add(req.accountId());
                    r.rules().forEach(rule -> smokerBlocks.merge(rule, 1L, Long::sum));
                }
            }
            for (String rule : r.rules()) {
                friction.merge(rule, 1L, Long::sum);
            }
        }
        return new CellMetrics(legit, stepped, blocked, weekLegit, weekStepped, weekBlocked, fraud, stopped, money,
                allowed, spend, spendAllowed, smokers, friction, smokerBlocks, byCampaign, bySegment);
    }

    /** Both cells' counts together (a world over its seeds). Accounts of different seeds never share ids. */
    CellMetrics plus(CellMetrics o) {
        Set<String> smokers = new HashSet<>(regularSmokersBlocked);
        smokers.addAll(o.regularSmokersBlocked);
        Map<String, Long> friction = new HashMap<>(legitFrictionByRule);
        o.legitFrictionByRule.forEach((k, v) -> friction.merge(k, v, Long::sum));
        Map<String, Long> smokerBlocks = new HashMap<>(regularSmokerBlocksByRule);
        o.regularSmokerBlocksByRule.forEach((k, v) -> smokerBlocks.merge(k, v, Long::sum));
        Map<String, double[]> byCampaign = new HashMap<>();
        for (Map<String, double[]> m : List.of(fraudMoneyByCampaign, o.fraudMoneyByCampaign)) {
            m.forEach((k, v) -> {
                double[] c = byCampaign.computeIfAbsent(k, x -> new double[4]);
                for (int i = 0; i < c.length; i++) {
                    c[i] += v[i];
                }
            });
        }
        Map<String, long[]> bySegment = new HashMap<>();
        for (Map<String, long[]> m : List.of(legitBySegment, o.legitBySegment)) {
            m.forEach((k, v) -> {
                long[] c = bySegment.computeIfAbsent(k, x -> new long[3]);
                for (int i = 0; i < c.length; i++) {
                    c[i] += v[i];
                }
            });
        }
        return new CellMetrics(legitEvents + o.legitEvents, legitSteppedUp + o.legitSteppedUp,
                legitBlocked + o.legitBlocked, firstWeekLegit + o.firstWeekLegit,
                firstWeekSteppedUp + o.firstWeekSteppedUp, firstWeekBlocked + o.firstWeekBlocked,
                fraudEvents + o.fraudEvents, fraudStopped + o.fraudStopped, fraudMoney + o.fraudMoney,
                fraudMoneyAllowed + o.fraudMoneyAllowed, fraudSpend + o.fraudSpend,
                fraudSpendAllowed + o.fraudSpendAllowed, smokers, friction, smokerBlocks, byCampaign, bySegment);
    }

    public double legitSteppedUpShare() {
        return share(legitSteppedUp, legitEvents);
    }

    public double legitBlockedShare() {
        return share(legitBlocked, legitEvents);
    }

    public double firstWeekSteppedUpShare() {
        return share(firstWeekSteppedUp, firstWeekLegit);
    }

    public double firstWeekBlockedShare() {
        return share(firstWeekBlocked, firstWeekLegit);
    }

    public double fraudMoneyAllowedShare() {
        return fraudMoney == 0 ? 0 : fraudMoneyAllowed / fraudMoney;
    }

    /** The share of fraud purchases' money that was spent (settled). */
    public double fraudSpendAllowedShare() {
        return fraudSpend == 0 ? 0 : fraudSpendAllowed / fraudSpend;
    }

    public double fraudEventsStoppedShare() {
        return fraudEvents == 0 ? 1 : (double) fraudStopped / fraudEvents;
    }

    /** The targets this cell misses, in words; empty when it meets them all. */
    public List<String> misses() {
        List<String> misses = new java.util.ArrayList<>();
        if (legitSteppedUpShare() > MAX_LEGIT_STEPPED_UP) {
            misses.add(String.format("legit stepped up %.2f%% > 0.5%%", 100 * legitSteppedUpShare()));
        }
        if (legitBlockedShare() > MAX_LEGIT_BLOCKED) {
            misses.add(String.format("legit blocked %.3f%% > 0.02%%", 100 * legitBlockedShare()));
        }
        if (fraudMoneyAllowedShare() > MAX_FRAUD_MONEY_ALLOWED) {
            misses.add(String.format("fraud money allowed %.2f%% > 1%%", 100 * fraudMoneyAllowedShare()));
        }
        if (!regularSmokersBlocked.isEmpty()) {
            misses.add(regularSmokersBlocked.size() + " regular smoker(s) blocked");
        }
        legitBySegment.forEach((segment, c) -> {
            if (FrictionSegments.isOwnerBelowCeiling(segment) && (c[2] > 0 || c[1] > MAX_OWNER_STEPPED_UP * c[0])) {
                misses.add(String.format("%s: %d blocked, %.2f%% stepped up (targets 0, ≤ 2%%)", segment, c[2],
                        100.0 * c[1] / c[0]));
            }
        });
        return misses;
    }

    private static double share(long n, long of) {
        return of == 0 ? 0 : (double) n / of;
    }
}
