package dev.riskgate.event;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * One kind of request value: how it is read from the wire (refusals name the field and the valid range,
 * so a gateway developer can fix the call from the error alone), written back, and spelled in the
 * canonical hash. The three sit side by side so that they cannot drift apart.
 *
 * @param <T> the value as {@link ScoreRequest} holds it
 */
final class Wire<T> {

    /** Larger than any wallet allows; beyond it the number is a bug or an attack, not a payment. */
    static final BigDecimal MAX_AMOUNT = new BigDecimal("100000000");
    static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(5);
    static final int MAX_ITEMS = 500;
    static final int MAX_QUANTITY = 100_000;
    private static final OffsetDateTime EARLIEST = OffsetDateTime.parse("2000-01-01T00:00:00Z");
    private static final Pattern CURRENCY_CODE = Pattern.compile("[A-Z]{3}");
    private static final Pattern IP_ADDRESS = Pattern.compile("[0-9A-Fa-f:.]{2,45}");

    /** Reads a value that is present (not absent, not JSON null) at {@code field} of {@code in}. */
    interface Reader<T> {
        T read(Reading in, JsonFields fields, String field);
    }

    /** Writes a value's canonical spelling: one or more strings, null for "none". */
    interface Spelling<T> {
        void spell(T value, Consumer<String> out);
    }

    static final Wire<String> ID = new Wire<>((in, f, name) -> f.optionalId(name), s -> s, Wire::spellText, null);

    static final Wire<EventType> EVENT_TYPE = new Wire<>((in, f, name) -> switch (f.optionalString(name, 16)) {
        case "charge" -> EventType.CHARGE;
        case "purchase" -> EventType.PURCHASE;
        default -> throw new BadRequest(name, "out_of_range", name + " must be \"charge\" or \"purchase\"");
    }, EventType::wireName, (t, out) -> out.accept(t == null ? null : t.wireName()), null);

    static final Wire<OffsetDateTime> TIMESTAMP = new Wire<>(Wire::timestamp, Iso8601::text,
            // An instant, so a retry that writes the same moment in another offset is still the same body.
            (t, out) -> out.accept(t == null ? null : Long.toString(t.toInstant().toEpochMilli())), null);

    static final Wire<String> CURRENCY = new Wire<>(Wire::currency, s -> s, Wire::spellText, null);

    /** A payment's amount in {@link Field#CURRENCY}: greater than 0. */
    static final Wire<BigDecimal> AMOUNT = new Wire<>((in, f, name) -> money(f, name, in.currency(), true), a -> a,
            Wire::spellMoney, null);

    static final Wire<String> IP = new Wire<>((in, f, name) -> {
        String ip = f.optionalString(name, 45);
        if (!IP_ADDRESS.matcher(ip).matches()) {
            throw new BadRequest(name, "out_of_range", name + " must be an IPv4 or IPv6 address");
        }
        return ip;
    }, s -> s, Wire::spellText, null);

    static final Wire<List<LineItem>> ITEMS = new Wire<>(Wire::items, Wire::writeItems, Wire::spellItems, List.of());

    static Wire<String> text(int maxLength) {
        return new Wire<>((in, f, name) -> f.optionalString(name, maxLength), s -> s, Wire::spellText, null);
    }

    private final Reader<T> reader;
    private final Function<T, Object> writer;
    private final Spelling<T> spelling;
    private final T absent;

    private Wire(Reader<T> reader, Function<T, Object> writer, Spelling<T> spelling, T absent) {
        this.reader = reader;
        this.writer = writer;
        this.spelling = spelling;
        this.absent = absent;
    }

    T read(Reading in, JsonFields fields, String field) {
        return reader.read(in, fields, field);
    }

    /** What the request holds when the field was not sent. */
    T absent() {
        return absent;
    }

    @SuppressWarnings("unchecked")
    Object write(Object value) {
        return writer.apply((T) value);
    }

    @SuppressWarnings("unchecked")
    void spell(Object value, Consumer<String> out) {
        spelling.spell((T) value, out);
    }

    private static void spellText(String s, Consumer<String> out) {
        out.accept(s);
    }

    /** As the parser normalised it, so 1000 and 1000.0 are the same amount. */
    private static void spellMoney(BigDecimal amount, Consumer<String> out) {
        out.accept(amount == null ? null : amount.toPlainString());
    }

    private static OffsetDateTime timestamp(Reading in, JsonFields f, String name) {
        String raw = f.optionalString(name, 64);
        OffsetDateTime t;
        try {
            t = Iso8601.parse(raw);
        } catch (DateTimeParseException e) {
            throw new BadRequest(name, "bad_timestamp",
                    name + " must be an ISO-8601 date-time with an offset, like 2019-07-03T10:15:00+09:00");
        }
        if (t.isBefore(EARLIEST)) {
            throw new BadRequest(name, "bad_timestamp", name + " must not be before 2000-01-01");
        }
        if (t.toInstant().isAfter(in.now().plus(MAX_CLOCK_SKEW))) {
            throw new BadRequest(name, "bad_timestamp", name + " must not be more than 5 minutes in the future");
        }
        return t;
    }

    private static String currency(Reading in, JsonFields f, String name) {
        String code = f.optionalString(name, 3);
        if (!CURRENCY_CODE.matcher(code).matches()) {
            throw new BadRequest(name, "bad_currency", name + " must be an ISO-4217 code like \"JPY\"");
        }
        try {
            Currency.getInstance(code);
        } catch (IllegalArgumentException e) {
            throw new BadRequest(name, "bad_currency", name + " '" + code + "' is not an ISO-4217 code");
        }
        return code;
    }

    private static BigDecimal money(JsonFields f, String field, String currency, boolean positive) {
        BigDecimal amount = f.requiredNumber(field).stripTrailingZeros();
        String path = f.path(field);
        if (positive ? amount.signum() <= 0 : amount.signum() < 0) {
            throw new BadRequest(path, "out_of_range", path + (positive ? " must be greater than 0" : " must not be negative"));
        }
        if (amount.compareTo(MAX_AMOUNT) > 0) {
            throw new BadRequest(path, "out_of_range", path + " must be at most " + MAX_AMOUNT.toPlainString());
        }
        int digits = Math.max(0, Currency.getInstance(currency).getDefaultFractionDigits());
        if (amount.scale() > digits) {
            throw new BadRequest(path, "out_of_range",
                    path + " has more decimals than " + currency + " allows (" + digits + ")");
        }
        return amount.scale() < 0 ? amount.setScale(0) : amount;
    }

    // Items are a list of small objects; LineItem's four components are read, written and spelled here
    // together (EventFieldsTest checks every component against all three).

    private static List<LineItem> items(Reading in, JsonFields f, String name) {
        JsonArray raw = f.optionalArray(name);
        boolean purchase = in.type() == EventType.PURCHASE;
        if (purchase && raw.isEmpty()) {
            throw new BadRequest(name, "out_of_range", name + " must list at least one item for a purchase");
        }
        if (raw.size() > MAX_ITEMS) {
            throw new BadRequest(name, "out_of_range", name + " must have at most " + MAX_ITEMS + " entries");
        }
        List<LineItem> items = new ArrayList<>(raw.size());
        for (int i = 0; i < raw.size(); i++) {
            String path = name + "[" + i + "]";
            if (!(raw.getValue(i) instanceof JsonObject item)) {
                throw new BadRequest(path, "wrong_type", path + " must be an object");
            }
            JsonFields g = new JsonFields(item, path + ".");
            String sku = g.requiredId("sku");
            String category = g.optionalString("category", 64);
            long quantity = g.requiredInteger("quantity");
            if (quantity < 1 || quantity > MAX_QUANTITY) {
                throw new BadRequest(g.path("quantity"), "out_of_range",
                        g.path("quantity") + " must be in the range [1, " + MAX_QUANTITY + "]");
            }
            BigDecimal unitPrice = money(g, "unitPrice", in.currency(), false);
            items.add(new LineItem(sku, category, (int) quantity, unitPrice));
        }
        return items;
    }

    private static Object writeItems(List<LineItem> items) {
        JsonArray out = new JsonArray();
        for (LineItem i : items) {
            JsonObject item = new JsonObject().put("sku", i.sku()).put("quantity", i.quantity()).put("unitPrice", i.unitPrice());
            if (i.category() != null) {
                item.put("category", i.category());
            }
            out.add(item);
        }
        return out;
    }

    private static void spellItems(List<LineItem> items, Consumer<String> out) {
        for (LineItem item : items) {
            out.accept(item.sku());
            out.accept(item.category());
            out.accept(Integer.toString(item.quantity()));
            spellMoney(item.unitPrice(), out);
        }
    }
}
