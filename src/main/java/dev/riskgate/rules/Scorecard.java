package dev.riskgate.rules;

import dev.riskgate.decision.Reason;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The DRL global {@code score}: rules call {@code score.add(points, "why")}. A rule counts once per
 * event even when it matches several facts (its largest award is kept), so a pack cannot reach BLOCK by
 * one rule matching many history rows. A family (declared by every rule as {@code @family("high_amount")})
 * may be capped with a {@code cap.<family>} parameter ("cap.high_amount"), so rules that measure the same
 * thing cannot add up to a block on their own. A family takes points off only when it declares a floor
 * ({@code floor.<family> = -20}), and never more than that: without one, a negative award counts nothing and
 * is not a reason, so no rule can cancel the evidence of the others. The total is clamped to [0, 100].
 * A rule marked {@code @mode("log")} is staged: it fires and its award is recorded ({@link #staged()}),
 * but adds nothing to the total and is not a reason.
 */
public final class Scorecard {

    private final Map<String, Reason> byRule = new LinkedHashMap<>();
    /** Awards of log-only rules: kept apart, never in the total. */
    private final Map<String, Reason> stagedByRule = new LinkedHashMap<>();
    private final Map<String, String> familyByRule = new LinkedHashMap<>();
    private final Map<String, Double> familyCaps;
    private final Map<String, Double> familyFloors;
    private String firingRule = "?";
    private String firingFamily = "?";
    private boolean firingLogOnly;
    private final Alerts alerts;

    Scorecard(Map<String, Double> familyCaps, Map<String, Double> familyFloors) {
        this(familyCaps, familyFloors, AlertKinds.NONE);
    }

    Scorecard(Map<String, Double> familyCaps, Map<String, Double> familyFloors, AlertKinds alertKinds) {
        this.familyCaps = familyCaps;
        this.familyFloors = familyFloors;
        this.alerts = new Alerts(this, alertKinds);
    }

    /** The DRL global {@code alert} of this evaluation. */
    Alerts alertGlobal() {
        return alerts;
    }

    /** The alerts rules raised on this event (kinds switched off are not among them). */
    public List<dev.riskgate.decision.Alert> alerts() {
        return alerts.raised();
    }

    boolean firingLogOnly() {
        return firingLogOnly;
    }

    /** The rule whose consequence runs now, for a message about a rule that overran its budget. */
    String firingRule() {
        return firingRule;
    }

    void firing(String ruleName, String family) {
        firing(ruleName, family, false);
    }

    /** {@code logOnly}: the rule is staged ({@code @mode("log")}); what it awards is recorded apart. */
    void firing(String ruleName, String family, boolean logOnly) {
        this.firingRule = ruleName;
        this.firingFamily = family;
        this.firingLogOnly = logOnly;
    }

    public void add(double points, String message) {
        int p = (int) Math.round(points);
        if (p < 0) {
            Double floor = familyFloors.get(firingFamily);
            if (floor == null) {
                return; // the pack loader refuses negative points it can see; computed ones count nothing
            }
            p = Math.max(p, (int) Math.round(floor)); // the reason shows what it can take off
        }
        Map<String, Reason> awards = firingLogOnly ? stagedByRule : byRule;
        Reason earlier = awards.get(firingRule);
        if (earlier == null || Math.abs(p) > Math.abs(earlier.points())) {
            awards.put(firingRule, new Reason(firingRule, p, message));
            familyByRule.put(firingRule, firingFamily);
        }
    }

    public int total() {
        Map<String, Integer> byFamily = new LinkedHashMap<>();
        for (Reason r : byRule.values()) {
            byFamily.merge(familyByRule.get(r.rule()), r.points(), Integer::sum);
        }
        int sum = 0;
        for (Map.Entry<String, Integer> e : byFamily.entrySet()) {
            Double cap = familyCaps.get(e.getKey());
            int capped = cap == null ? e.getValue() : Math.min(e.getValue(), (int) Math.round(cap));
            sum += Math.max(capped, (int) Math.round(familyFloors.getOrDefault(e.getKey(), 0.0)));
        }
        return Math.max(0, Math.min(100, sum));
    }

    /** Fired rules, largest award first, then by name so the order is deterministic. */
    public List<Reason> reasons() {
        return sorted(byRule);
    }

    /**
     * Fired log-only rules with the points they would have added (as they would count alone, before any
     * family cap), in the same order; they add nothing to {@link #total()}.
     */
    public List<Reason> staged() {
        return sorted(stagedByRule);
    }

    private static List<Reason> sorted(Map<String, Reason> awards) {
        List<Reason> reasons = new ArrayList<>(awards.values());
        reasons.sort(Comparator.comparingInt((Reason r) -> -r.points()).thenComparing(Reason::rule));
        return reasons;
    }
}
