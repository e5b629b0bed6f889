package dev.riskgate.scenarios;

import dev.riskgate.decision.FeedbackOutcome;
import io.vertx.core.json.JsonObject;

/** One step of a scenario: an event in wire form (checked when it has an expectation), or feedback. */
public sealed interface Step {

    /** Where the step is in its file, for reports: "step 4 (event t1)". */
    String label();

    record Event(String label, JsonObject wire, Expectation expect) implements Step {
    }

    record Feedback(String label, String eventId, FeedbackOutcome outcome) implements Step {
    }
}
