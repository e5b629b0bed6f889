package dev.riskgate.event;

import java.util.List;
import java.util.function.Function;

/**
 * The fields of a score request: the one list that the parser ({@link ScoreRequestParser}), the writer
 * ({@link ScoreRequestJson}) and the canonical hash ({@link RequestHash}) all walk, in this order, so none
 * of them can leave a field out. Adding a field means a constant here and a component of {@link ScoreRequest}
 * of the same name (EventFieldsTest fails until the decision log, replay and the rules' fact see it too).
 * A field added after {@link #ITEMS} must be optional: stored events and older gateways do not send it.
 */
public enum Field {
    EVENT_ID("eventId", Presence.REQUIRED, Wire.ID, ScoreRequest::eventId),
    TYPE("type", Presence.REQUIRED, Wire.EVENT_TYPE, ScoreRequest::type),
    ACCOUNT_ID("accountId", Presence.REQUIRED, Wire.ID, ScoreRequest::accountId),
    DEVICE_ID("deviceId", Presence.REQUIRED, Wire.ID, ScoreRequest::deviceId),
    OCCURRED_AT("occurredAt", Presence.REQUIRED, Wire.TIMESTAMP, ScoreRequest::occurredAt),
    AMOUNT("amount", Presence.REQUIRED, Wire.AMOUNT, ScoreRequest::amount),
    CURRENCY("currency", Presence.REQUIRED, Wire.CURRENCY, ScoreRequest::currency),
    STORE_ID("storeId", Presence.FOR_PURCHASE, Wire.ID, ScoreRequest::storeId),
    FUNDING_SOURCE("fundingSource", Presence.OPTIONAL, Wire.text(64), ScoreRequest::fundingSource, true),
    IP("ip", Presence.OPTIONAL, Wire.IP, ScoreRequest::ip, true),
    ITEMS("items", Presence.FOR_PURCHASE, Wire.ITEMS, ScoreRequest::items);

    /**
     * {@link #values()}, which copies the array on each call; walked for every request (parse, hash, log
     * line), never written.
     */
    static final Field[] IN_ORDER = values();

    /** When a request must carry the field. */
    enum Presence { REQUIRED, OPTIONAL, FOR_PURCHASE }

    private final String wireName;
    private final Presence presence;
    private final Wire<?> wire;
    private final Function<ScoreRequest, ?> accessor;
    private final boolean personal;

    Field(String wireName, Presence presence, Wire<?> wire, Function<ScoreRequest, ?> accessor) {
        this(wireName, presence, wire, accessor, false);
    }

    Field(String wireName, Presence presence, Wire<?> wire, Function<ScoreRequest, ?> accessor, boolean personal) {
        this.wireName = wireName;
        this.presence = presence;
        this.wire = wire;
        this.accessor = accessor;
        this.personal = personal;
    }

    /** The JSON key, also the name of the {@link ScoreRequest} component. */
    public String wireName() {
        return wireName;
    }

    /** Personal data: who pays and from where. A decision log that redacts leaves these out. */
    public boolean personal() {
        return personal;
    }

    /** The field's value in {@code request}: null, or an empty list, when it was not sent. */
    public Object of(ScoreRequest request) {
        return accessor.apply(request);
    }

    /** Whether {@code request} carries the field: the writer leaves absent fields out. */
    public boolean presentIn(ScoreRequest request) {
        Object v = of(request);
        return v != null && !(v instanceof List<?> l && l.isEmpty());
    }

    Object read(Reading in, JsonFields fields) {
        if (fields.absent(wireName)) {
            if (presence == Presence.REQUIRED || presence == Presence.FOR_PURCHASE && in.type() == EventType.PURCHASE) {
                throw fields.missing(wireName);
            }
            return wire.absent();
        }
        return wire.read(in, fields, wireName);
    }

    Wire<?> wire() {
        return wire;
    }
}
