package dev.riskgate.scenarios;

import dev.riskgate.decision.Decision;
import dev.riskgate.decision.Reason;
import dev.riskgate.decision.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What a checked step must produce. Every part is optional: {@code decision} exactly, every rule in
 * {@code fired} among the fired ones, none of {@code notFired}, the score within [scoreMin, scoreMax].
 */
public record Expectation(Verdict decision, List<String> fired, List<String> notFired, Integer scoreMin, Integer scoreMax) {

    public Expectation {
        fired = fired == null ? List.of() : List.copyOf(fired);
        notFired = notFired == null ? List.of() : List.copyOf(notFired);
    }

    /** The differences between this expectation and an actual decision; empty when it holds. */
    public List<String> mismatches(Decision actual) {
        List<String> out = new ArrayList<>();
        // A log-only rule fires without counting: a scenario may expect it to fire, or not, all the same.
        Set<String> firedNow = java.util.stream.Stream.concat(actual.reasons().stream(), actual.staged().stream())
                .map(Reason::rule).collect(Collectors.toSet());
        if (decision != null && decision != actual.decision()) {
            out.add("decision: expected " + decision + ", got " + actual.decision());
        }
        for (String rule : fired) {
            if (!firedNow.contains(rule)) {
                out.add("rule expected to fire did not: \"" + rule + "\"");
            }
        }
        for (String rule : notFired) {
            if (firedNow.contains(rule)) {
                out.add("rule expected not to fire did: \"" + rule + "\"");
            }
        }
        if (scoreMin != null && actual.score() < scoreMin) {
            out.add("score: expected at least " + scoreMin + ", got " + actual.score());
        }
        if (scoreMax != null && actual.score() > scoreMax) {
            out.add("score: expected at most " + scoreMax + ", got " + actual.score());
        }
        return out;
    }
}
