package dev.riskgate.rules;

import dev.riskgate.scoring.Reason;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The DRL global {@code score}: rules call {@code score.add(points, "why")}. A rule counts once per
 * event even when it matches several facts (its largest award is kept), so a pack cannot reach BLOCK by
 * one rule matching many history rows. The total is clamped to [0, 100].
 */
public final class Scorecard {

    private final Map<String, Reason> byRule = new LinkedHashMap<>();
    private String firingRule = "?";

    void firing(String ruleName) {
        this.firingRule = ruleName;
    }

    public void add(double points, String message) {
        int p = (int) Math.round(points);
        Reason earlier = byRule.get(firingRule);
        if (earlier == null || Math.abs(p) > Math.abs(earlier.points())) {
            byRule.put(firingRule, new Reason(firingRule, p, message));
        }
    }

    public int total() {
        int sum = byRule.values().stream().mapToInt(Reason::points).sum();
        return Math.max(0, Math.min(100, sum));
    }

    /** Fired rules, largest award first, then by name so the order is deterministic. */
    public List<Reason> reasons() {
        List<Reason> reasons = new ArrayList<>(byRule.values());
        reasons.sort(Comparator.comparingInt((Reason r) -> -r.points()).thenComparing(Reason::rule));
        return reasons;
    }
}
