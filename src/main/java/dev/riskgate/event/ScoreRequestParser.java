package dev.riskgate.event;

import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * Validates the wire form of a score request, reading every {@link Field} in order. Every refusal names
 * the field and the valid range, so a gateway developer can fix the call from the error alone. The server,
 * replay's event files and the scenario runner all read events here.
 */
public final class ScoreRequestParser {

    private final Clock clock;

    /** @param clock what "now" is for the limit on future {@code occurredAt} */
    public ScoreRequestParser(Clock clock) {
        this.clock = clock;
    }

    public ScoreRequest parse(JsonObject body) {
        Reading in = new Reading(new JsonFields(body, ""), clock);
        for (Field f : Field.IN_ORDER) {
            in.value(f);
        }
        return build(in);
    }

    @SuppressWarnings("unchecked")
    private static ScoreRequest build(Reading in) {
        return new ScoreRequest(
                (String) in.value(Field.EVENT_ID),
                in.type(),
                (String) in.value(Field.ACCOUNT_ID),
                (String) in.value(Field.DEVICE_ID),
                (OffsetDateTime) in.value(Field.OCCURRED_AT),
                (BigDecimal) in.value(Field.AMOUNT),
                in.currency(),
                (String) in.value(Field.STORE_ID),
                (List<LineItem>) in.value(Field.ITEMS),
                (String) in.value(Field.FUNDING_SOURCE),
                (String) in.value(Field.IP));
    }
}
