package dev.riskgate.event;

import java.time.Clock;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;

/**
 * One request being read, field by field in {@link Field} order. A field whose checks depend on another
 * (an amount's decimals on the currency, a purchase's required store) asks for it here, and it is read
 * first: the refusal then names the field the gateway got wrong, as it did before the list existed.
 */
final class Reading {

    private final JsonFields fields;
    private final Clock clock;
    private final Map<Field, Object> values = new EnumMap<>(Field.class);

    Reading(JsonFields fields, Clock clock) {
        this.fields = fields;
        this.clock = clock;
    }

    Object value(Field field) {
        if (!values.containsKey(field)) {
            values.put(field, field.read(this, fields));
        }
        return values.get(field);
    }

    EventType type() {
        return (EventType) value(Field.TYPE);
    }

    String currency() {
        return (String) value(Field.CURRENCY);
    }

    Instant now() {
        return clock.instant();
    }
}
