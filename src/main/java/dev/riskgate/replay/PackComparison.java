package dev.riskgate.replay;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Two packs scored on the same events: the decisions that changed, by transition, with a sample, and
 * {@link MarginalValue what the candidate adds}. One report for {@code replay --compare} (one stream)
 * and {@code evaluate --compare} (a stream per cell, summed per world and over all), so the two commands
 * cannot drift apart in what they count or how they print it.
 */
final class PackComparison {

    private final int sampleSize;
    private final Map<String, Integer> transitions = new LinkedHashMap<>();
    private final JsonArray sample = new JsonArray();
    private final MarginalValue marginal = new MarginalValue();
    private long events, changed;

    /** @param sampleSize how many changed decisions to keep as examples */
    PackComparison(int sampleSize) {
        if (sampleSize < 0) {
            throw new IllegalArgumentException("sample size must be 0 or more, was " + sampleSize);
        }
        this.sampleSize = sampleSize;
    }

    /**
     * Adds one stream's events from index {@code from} on, scored by the active pack ({@code a}) and the
     * candidate ({@code b}). {@code cell} names the stream when there are several ("" when there is one).
     */
    PackComparison add(String cell, List<ReplayEvent> stream, PackReplay.Result[] a, PackReplay.Result[] b,
                       Labels labels, int from) {
        for (int i = from; i < a.length; i++) {
            events++;
            if (a[i].verdict() == b[i].verdict()) {
                continue;
            }
            changed++;
            transitions.merge(a[i].verdict() + " -> " + b[i].verdict(), 1, Integer::sum);
            if (sample.size() < sampleSize) {
                List<String> added = new ArrayList<>(b[i].rules());
                added.removeAll(a[i].rules());
                List<String> removed = new ArrayList<>(a[i].rules());
                removed.removeAll(b[i].rules());
                JsonObject example = new JsonObject();
                if (!cell.isEmpty()) {
                    example.put("cell", cell);
                }
                sample.add(example.put("eventId", stream.get(i).request().eventId())
                        .put("from", a[i].verdict().name()).put("to", b[i].verdict().name())
                        .put("scoreFrom", a[i].score()).put("scoreTo", b[i].score())
                        .put("rulesAdded", new JsonArray(added)).put("rulesRemoved", new JsonArray(removed)));
            }
        }
        marginal.add(cell, stream, a, b, labels, from);
        return this;
    }

    /** Adds another comparison's counts, and its examples while this one has room. */
    void absorb(PackComparison o) {
        events += o.events;
        changed += o.changed;
        o.transitions.forEach((k, v) -> transitions.merge(k, v, Integer::sum));
        for (Object example : o.sample) {
            if (sample.size() < sampleSize) {
                sample.add(example);
            }
        }
        marginal.absorb(o.marginal);
    }

    JsonObject json() {
        JsonObject byTransition = new JsonObject();
        transitions.forEach(byTransition::put);
        return new JsonObject().put("changed", changed).put("share", events == 0 ? null : (double) changed / events)
                .put("byTransition", byTransition).put("sample", sample.copy()).put("marginal", marginal.json());
    }

    /** The comparison as text: decisions changed, what the candidate adds, the sample. */
    static String text(JsonObject cmp) {
        StringBuilder s = new StringBuilder();
        s.append(String.format("decisions changed: %d (%s)%n", cmp.getLong("changed"), ReplayReport.pct(cmp.getDouble("share"))));
        cmp.getJsonObject("byTransition").forEach(e -> s.append(String.format("  %-20s %d%n", e.getKey(), e.getValue())));
        JsonObject marginal = cmp.getJsonObject("marginal");
        if (marginal != null) {
            s.append(String.format("%nwhat the candidate adds (per changed rule; an event two changed rules share counts for both):%n"));
            s.append(marginalLine("whole pack", marginal.getJsonObject("pack")));
            for (Object o : marginal.getJsonArray("rules")) {
                JsonObject r = (JsonObject) o;
                // The name on a line of its own: no name is too long for the figures under it.
                s.append(marginalLine(r.getString("rule") + String.format(" (hits %d -> %d, %d unique)",
                        r.getLong("hitsBefore"), r.getLong("hitsAfter"), r.getLong("uniqueHits")), r));
            }
        }
        JsonArray examples = cmp.getJsonArray("sample");
        if (!examples.isEmpty()) {
            s.append(String.format("%n"));
        }
        for (Object o : examples) {
            JsonObject x = (JsonObject) o;
            s.append(String.format("  %s%s: %s %d -> %s %d  +%s -%s%n", x.containsKey("cell") ? x.getString("cell") + " " : "",
                    x.getString("eventId"), x.getString("from"), x.getInteger("scoreFrom"), x.getString("to"),
                    x.getInteger("scoreTo"), x.getJsonArray("rulesAdded"), x.getJsonArray("rulesRemoved")));
        }
        return s.toString();
    }

    private static String marginalLine(String what, JsonObject m) {
        String line = String.format("  %s%n    decisions changed %d; fraud money newly stopped %,d (%s), newly allowed %,d (%s); "
                        + "legit newly stepped up %d (%s), newly blocked %d (%s)%n", what, m.getLong("decisionsChanged"),
                m.getLong("fraudMoneyNewlyStopped"), ReplayReport.pct(m.getDouble("fraudMoneyNewlyStoppedShare")),
                m.getLong("fraudMoneyNewlyAllowed"), ReplayReport.pct(m.getDouble("fraudMoneyNewlyAllowedShare")),
                m.getLong("legitNewlySteppedUp"), ReplayReport.pct(m.getDouble("legitNewlySteppedUpShare")),
                m.getLong("legitNewlyBlocked"), ReplayReport.pct(m.getDouble("legitNewlyBlockedShare")));
        return m.containsKey("warning") ? line + "    warning: " + m.getString("warning") + String.format("%n") : line;
    }
}
