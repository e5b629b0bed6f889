package dev.riskgate.decisionlog;

import dev.riskgate.decision.Decision;
import dev.riskgate.decision.Reason;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * How a shadow pack's decision differs from the answer given: whether the verdicts agree, and the rules
 * that fired in only one of them (reasons only: log-only rules add nothing to either verdict).
 */
public record ShadowDiff(boolean agree, List<String> onlyActive, List<String> onlyShadow) {

    public static ShadowDiff of(Decision active, Decision shadow) {
        Set<String> a = names(active);
        Set<String> b = names(shadow);
        return new ShadowDiff(active.decision() == shadow.decision(),
                a.stream().filter(r -> !b.contains(r)).sorted().toList(),
                b.stream().filter(r -> !a.contains(r)).sorted().toList());
    }

    private static Set<String> names(Decision d) {
        return d.reasons().stream().map(Reason::rule).collect(Collectors.toSet());
    }
}
