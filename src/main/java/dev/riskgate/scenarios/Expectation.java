package dev.riskgate.scenarios;

import dev.riskgate.decision.Alert;
import dev.riskgate.decision.Decision;
import dev.riskgate.decision.Reason;
import dev.riskgate.decision.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What a checked step must produce. Every part is optional: {@code decision} exactly, every rule in
 * {@code fired} among the fired ones, none of {@code notFired}, the score within [scoreMin, scoreMax],
 * every alert kind in {@code alerts} raised, none of {@code notAlerted}, and no alert at all when
 * {@code noAlerts}.
 */
public record Expectation(Verdict decision, List<String> fired, List<String> notFired, Integer scoreMin, Integer scoreMax,
                          List<String> alerts, List<String> notAlerted, boolean noAlerts) {

    public Expectation {
        fired = fired == null ? List.of() : List.copyOf(fired);
        notFired = notFired == null ? List.of() : List.copyOf(notFired);
        alerts = alerts == null ? List.of() : List.copyOf(alerts);
        notAlerted = notAlerted == null ? List.of() : List.copyOf(notAlerted);
    }

    public Expectation(Verdict decision, List<String> fired, List<String> notFired, Integer scoreMin, Integer scoreMax) {
        this(decision, fired, notFired, scoreMin, scoreMax, List.of(), List.of(), false);
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
        Set<String> raised = actual.alerts().stream().map(Alert::kind).collect(Collectors.toSet());
        for (String kind : alerts) {
            if (!raised.contains(kind)) {
                out.add("alert expected was not raised: " + kind + (raised.isEmpty() ? " (none was)" : " (raised: "
                        + new java.util.TreeSet<>(raised) + ")"));
            }
        }
        for (String kind : notAlerted) {
            if (raised.contains(kind)) {
                out.add("alert expected not to be raised was: " + kind);
            }
        }
        if (noAlerts && !raised.isEmpty()) {
            out.add("no alert expected, raised: " + actual.alerts().stream()
                    .map(a -> a.kind() + " (" + a.message() + ")").collect(Collectors.joining(", ")));
        }
        return out;
    }
}
