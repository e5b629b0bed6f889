package dev.riskgate.scenarios;

import java.util.List;

/** A named sequence of events and feedback, run on fresh state, with expectations on some events. */
public record Scenario(String name, String file, List<Step> steps) {
    public Scenario {
        steps = List.copyOf(steps);
    }
}
