package dev.riskgate.replay;

import dev.riskgate.decision.Verdict;
import dev.riskgate.event.EventType;
import dev.riskgate.event.ScoreRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What a candidate pack adds over the active one, per changed rule and for the whole pack: a rule with
 * many precise hits adds nothing if the active pack already stopped those events. For each rule whose
 * hits differ between the packs: the decisions that changed where it fired in only one pack, its unique
 * hits (it fired where the active pack allowed), the fraud money (purchases) newly stopped or newly
 * allowed, and the legitimate events newly stepped up or blocked, as counts beside percentages. An event
 * where two changed rules fired counts for both. A figure resting on fewer than {@link #MIN_EVENTS}
 * labelled events or {@link #MIN_ATTACK_ACCOUNTS} attack accounts carries a warning.
 * <p>
 * It sums over one stream (replay) or many (evaluate's cells, one {@link #add} each): accounts are told
 * apart by their cell, since two simulated worlds may reuse an account id for different people.
 */
final class MarginalValue {

    static final int MIN_EVENTS = 30;
    static final int MIN_ATTACK_ACCOUNTS = 5;

    private static final class Tally {
        long hitsBefore, hitsAfter, decisionsChanged, uniqueHits, labelled, legitSteppedUp, legitBlocked;
        double newlyStopped, newlyAllowed;
        final Set<String> attackAccounts = new HashSet<>();

        void absorb(Tally o) {
            hitsBefore += o.hitsBefore;
            hitsAfter += o.hitsAfter;
            decisionsChanged += o.decisionsChanged;
            uniqueHits += o.uniqueHits;
            labelled += o.labelled;
            legitSteppedUp += o.legitSteppedUp;
            legitBlocked += o.legitBlocked;
            newlyStopped += o.newlyStopped;
            newlyAllowed += o.newlyAllowed;
            attackAccounts.addAll(o.attackAccounts);
        }

        JsonObject json(String rule, double fraudMoney, long legitEvents) {
            JsonObject o = new JsonObject();
            if (rule != null) {
                o.put("rule", rule).put("hitsBefore", hitsBefore).put("hitsAfter", hitsAfter).put("uniqueHits", uniqueHits);
            }
            o.put("decisionsChanged", decisionsChanged)
                    .put("fraudMoneyNewlyStopped", Math.round(newlyStopped))
                    .put("fraudMoneyNewlyStoppedShare", fraudMoney == 0 ? null : newlyStopped / fraudMoney)
                    .put("fraudMoneyNewlyAllowed", Math.round(newlyAllowed))
                    .put("fraudMoneyNewlyAllowedShare", fraudMoney == 0 ? null : newlyAllowed / fraudMoney)
                    .put("legitNewlySteppedUp", legitSteppedUp)
                    .put("legitNewlySteppedUpShare", legitEvents == 0 ? null : (double) legitSteppedUp / legitEvents)
                    .put("legitNewlyBlocked", legitBlocked)
                    .put("legitNewlyBlockedShare", legitEvents == 0 ? null : (double) legitBlocked / legitEvents)
                    .put("labelledEvents", labelled).put("attackAccounts", attackAccounts.size());
            if (labelled < MIN_EVENTS || attackAccounts.size() < MIN_ATTACK_ACCOUNTS) {
                o.put("warning", "rests on " + labelled + " labelled event(s) and " + attackAccounts.size()
                        + " attack account(s); below " + MIN_EVENTS + " events or " + MIN_ATTACK_ACCOUNTS
                        + " attack accounts a figure is an anecdote");
            }
            return o;
        }
    }

    private final Map<String, Tally> byRule = new TreeMap<>();
    private final Tally pack = new Tally();
    /** The denominators: every labelled fraud purchase's money and every labelled legitimate event, in all cells. */
    private double fraudMoney;
    private long legitEvents;

    /** One stream's marginal value (replay's). */
    static JsonObject of(List<ReplayEvent> events, PackReplay.Result[] a, PackReplay.Result[] b, Labels labels, int from) {
        MarginalValue m = new MarginalValue();
        m.add("", events, a, b, labels, from);
        return m.json();
    }

    /** Adds one stream, scored by the active pack ({@code a}) and the candidate ({@code b}), from index {@code from} on. */
    void add(String cell, List<ReplayEvent> events, PackReplay.Result[] a, PackReplay.Result[] b, Labels labels, int from) {
        for (int i = from; i < a.length; i++) {
            for (String r : a[i].rules()) {
                byRule.computeIfAbsent(r, k -> new Tally()).hitsBefore++;
            }
            for (String r : b[i].rules()) {
                byRule.computeIfAbsent(r, k -> new Tally()).hitsAfter++;
            }
            ScoreRequest request = events.get(i).request();
            Boolean fraud = labels == null ? null : labels.isFraud(request.eventId());
            if (fraud != null && fraud && request.type() == EventType.PURCHASE) {
                fraudMoney += request.amount().doubleValue();
            } else if (fraud != null && !fraud) {
                legitEvents++;
            }
            Set<String> before = new HashSet<>(a[i].rules());
            Set<String> after = new HashSet<>(b[i].rules());
            Set<String> differing = new HashSet<>(before);
            differing.addAll(after);
            differing.removeIf(r -> before.contains(r) && after.contains(r));
            boolean changed = a[i].verdict() != b[i].verdict();
            count(pack, cell, a[i], b[i], request, fraud, changed);
            for (String rule : differing) {
                Tally t = byRule.get(rule);
                if (after.contains(rule) && a[i].verdict() == Verdict.ALLOW) {
                    t.uniqueHits++;
                }
                count(t, cell, a[i], b[i], request, fraud, changed);
            }
        }
    }

    /** Adds another sum's counts to this one (evaluate's cells, summed per world and for all). */
    void absorb(MarginalValue o) {
        o.byRule.forEach((rule, t) -> byRule.computeIfAbsent(rule, k -> new Tally()).absorb(t));
        pack.absorb(o.pack);
        fraudMoney += o.fraudMoney;
        legitEvents += o.legitEvents;
    }

    JsonObject json() {
        JsonArray rules = new JsonArray();
        for (Map.Entry<String, Tally> e : byRule.entrySet()) {
            Tally t = e.getValue();
            if (t.hitsBefore == t.hitsAfter && t.decisionsChanged == 0 && t.uniqueHits == 0) {
                continue; // unchanged rule
            }
            rules.add(t.json(e.getKey(), fraudMoney, legitEvents));
        }
        return new JsonObject().put("pack", pack.json(null, fraudMoney, legitEvents)).put("rules", rules);
    }

    /** Adds one event to {@code t}: it is in {@code t}'s sample, and counts as a change when its verdict changed. */
    private static void count(Tally t, String cell, PackReplay.Result a, PackReplay.Result b, ScoreRequest request,
                              Boolean fraud, boolean changed) {
        if (fraud != null) {
            t.labelled++;
            if (fraud) {
                t.attackAccounts.add(cell.isEmpty() ? request.accountId() : cell + "/" + request.accountId());
            }
        }
        if (!changed) {
            return;
        }
        t.decisionsChanged++;
        if (fraud == null) {
            return;
        }
        if (fraud && request.type() == EventType.PURCHASE) {
            double amount = request.amount().doubleValue();
            if (a.settled() && !b.settled()) {
                t.newlyStopped += amount;
            } else if (!a.settled() && b.settled()) {
                t.newlyAllowed += amount;
            }
        } else if (!fraud && b.verdict().compareTo(a.verdict()) > 0) {
            if (b.verdict() == Verdict.BLOCK) {
                t.legitBlocked++;
            } else {
                t.legitSteppedUp++;
            }
        }
    }
}
