package dev.riskgate.replay;

import dev.riskgate.decision.Verdict;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Sums up a replay: decision mix, per-rule hits and, with labels, what the pack stopped and what it cost
 * legitimate customers. A step-up stops fraud unless the attacker passed it (a phished code).
 */
final class ReplayReport {

    private ReplayReport() {
    }

    /** Counts events from index {@code from} on; earlier ones only built up history (a warm-up). */
    static JsonObject summarize(String version, List<ReplayEvent> events, PackReplay.Result[] results, Labels labels,
                                int from) {
        Map<Verdict, Integer> mix = new EnumMap<>(Verdict.class);
        Map<String, int[]> rules = new TreeMap<>(); // hits, fraud hits, legit hits
        long fraudEvents = 0, fraudStopped = 0, legitEvents = 0, legitStepped = 0, legitBlocked = 0;
        // Money is counted once: a thief's top-up is charged to the victim's card and then spent from the
        // wallet, so adding both would count the same yen twice. What left the wallet is the purchases; the
        // top-ups charged are reported apart.
        double fraudSpend = 0, fraudSpendAllowed = 0, fraudTopUps = 0, fraudTopUpsCharged = 0;
        for (int i = from; i < results.length; i++) {
            PackReplay.Result r = results[i];
            mix.merge(r.verdict(), 1, Integer::sum);
            String eventId = events.get(i).request().eventId();
            Boolean fraud = labels == null ? null : labels.isFraud(eventId);
            for (String rule : r.rules()) {
                int[] c = rules.computeIfAbsent(rule, k -> new int[3]);
                c[0]++;
                if (fraud != null) {
                    c[fraud ? 1 : 2]++;
                }
            }
            if (fraud == null) {
                continue;
            }
            double amount = events.get(i).request().amount().doubleValue();
            if (fraud) {
                fraudEvents++;
                boolean topUp = events.get(i).request().type() == dev.riskgate.event.EventType.CHARGE;
                if (topUp) {
                    fraudTopUps += amount;
                } else {
                    fraudSpend += amount;
                }
                if (r.settled()) {
                    if (topUp) {
                        fraudTopUpsCharged += amount;
                    } else {
                        fraudSpendAllowed += amount;
                    }
                } else {
                    fraudStopped++;
                }
            } else {
                legitEvents++;
                legitStepped += r.verdict() == Verdict.STEP_UP ? 1 : 0;
                legitBlocked += r.verdict() == Verdict.BLOCK ? 1 : 0;
            }
        }
        JsonObject decisions = new JsonObject();
        for (Verdict v : Verdict.values()) {
            int n = mix.getOrDefault(v, 0);
            decisions.put(v.name(), new JsonObject().put("count", n).put("share", share(n, results.length - from)));
        }
        JsonArray ruleRows = new JsonArray();
        rules.entrySet().stream().sorted(Comparator.comparingInt((Map.Entry<String, int[]> e) -> -e.getValue()[0]))
                .forEach(e -> {
                    JsonObject row = new JsonObject().put("rule", e.getKey()).put("hits", e.getValue()[0]);
                    if (labels != null) {
                        int labelled = e.getValue()[1] + e.getValue()[2];
                        row.put("fraudHits", e.getValue()[1]).put("legitHits", e.getValue()[2])
                                .put("precision", labelled == 0 ? null : share(e.getValue()[1], labelled));
                    }
                    ruleRows.add(row);
                });
        JsonObject out = new JsonObject().put("rulesVersion", version).put("events", results.length - from)
                .put("decisions", decisions).put("rules", ruleRows);
        if (labels != null) {
            out.put("labels", new JsonObject()
                    .put("fraudEvents", fraudEvents)
                    .put("fraudEventsStopped", share(fraudStopped, fraudEvents))
                    .put("fraudMoney", Math.round(fraudSpend))
                    .put("fraudMoneyAllowedAmount", Math.round(fraudSpendAllowed))
                    .put("fraudMoneyStopped", fraudSpend == 0 ? null : 1 - fraudSpendAllowed / fraudSpend)
                    .put("fraudMoneyAllowed", fraudSpend == 0 ? null : fraudSpendAllowed / fraudSpend)
                    .put("fraudTopUps", Math.round(fraudTopUps))
                    .put("fraudTopUpsCharged", Math.round(fraudTopUpsCharged))
                    .put("legitEvents", legitEvents)
                    .put("legitSteppedUp", share(legitStepped, legitEvents))
                    .put("legitBlocked", share(legitBlocked, legitEvents)));
        }
        return out;
    }

    /** The categories no row of categories.csv recognised, most frequent first: what the tills really send. */
    static JsonArray unrecognised(Map<String, Integer> counts) {
        JsonArray rows = new JsonArray();
        counts.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(UNRECOGNISED_SHOWN)
                .forEach(e -> rows.add(new JsonObject().put("category", e.getKey()).put("items", e.getValue())));
        return rows;
    }

    private static final int UNRECOGNISED_SHOWN = 50;

    static String table(JsonObject report) {
        StringBuilder s = new StringBuilder();
        if (report.containsKey("phishedShare")) {
            s.append(StepUpAnswers.assumption(report.getDouble("phishedShare"))).append(String.format("%n"));
        }
        if (report.containsKey("labelsFrom")) {
            s.append(String.format("labels: %s (%d events labelled)%n", report.getString("labelsFrom"),
                    report.getInteger("labelledEvents")));
        }
        List<JsonObject> packs = new ArrayList<>();
        packs.add(report.getJsonObject("active"));
        if (report.containsKey("candidate")) {
            packs.add(report.getJsonObject("candidate"));
        }
        for (JsonObject pack : packs) {
            s.append(String.format("%nrules %s: %d events%n", pack.getString("rulesVersion"), pack.getInteger("events")));
            JsonObject d = pack.getJsonObject("decisions");
            for (Verdict v : Verdict.values()) {
                JsonObject row = d.getJsonObject(v.name());
                s.append(String.format("  %-8s %9d  %7s%n", v, row.getInteger("count"), pct(row.getDouble("share"))));
            }
            JsonObject l = pack.getJsonObject("labels");
            if (l != null) {
                s.append(String.format("  fraud events %d: %s stopped%n", l.getLong("fraudEvents"),
                        pct(l.getDouble("fraudEventsStopped"))));
                s.append(String.format("  fraud money (purchases: what left the wallet) %,d: %,d allowed (%s), %s stopped%n",
                        l.getLong("fraudMoney"), l.getLong("fraudMoneyAllowedAmount"), pct(l.getDouble("fraudMoneyAllowed")),
                        pct(l.getDouble("fraudMoneyStopped"))));
                s.append(String.format("  fraud top-ups (charged to the card, counted apart) %,d attempted, %,d charged%n",
                        l.getLong("fraudTopUps"), l.getLong("fraudTopUpsCharged")));
                s.append(String.format("  legit events %d: %s stepped up, %s blocked%n", l.getLong("legitEvents"),
                        pct(l.getDouble("legitSteppedUp")), pct(l.getDouble("legitBlocked"))));
            }
            // As wide as the longest rule name: a fixed width would push a long name's numbers out of their columns.
            int width = "rule".length();
            for (Object o : pack.getJsonArray("rules")) {
                width = Math.max(width, ((JsonObject) o).getString("rule").length());
            }
            String row = "  %-" + width + "s %8s %8s %8s %9s%n";
            s.append(String.format(row, "rule", "hits", "fraud", "legit", "precision"));
            for (Object o : pack.getJsonArray("rules")) {
                JsonObject r = (JsonObject) o;
                s.append(String.format(row, r.getString("rule"), r.getInteger("hits"),
                        r.getValue("fraudHits", "-"), r.getValue("legitHits", "-"),
                        r.containsKey("precision") ? pct(r.getDouble("precision")) : "-"));
            }
        }
        JsonArray unknown = report.getJsonArray("unrecognisedCategories");
        if (unknown != null && !unknown.isEmpty()) {
            s.append(String.format("%ncategories categories.csv does not recognise (add them there):%n"));
            for (Object o : unknown) {
                JsonObject u = (JsonObject) o;
                s.append(String.format("  %-40s %8d items%n", "\"" + u.getString("category") + "\"", u.getInteger("items")));
            }
        }
        JsonObject cmp = report.getJsonObject("comparison");
        if (cmp != null) {
            s.append(String.format("%n")).append(PackComparison.text(cmp));
        }
        return s.toString();
    }

    private static Double share(long n, long of) {
        return of == 0 ? null : (double) n / of;
    }

    /** A share as a percentage; one too small to show is "<0.001%", never "0.000%" beside a count that is not 0. */
    static String pct(Double share) {
        if (share == null) {
            return "-";
        }
        return share > 0 && share < 0.000005 ? "<0.001%" : String.format("%.3f%%", share * 100);
    }
}
