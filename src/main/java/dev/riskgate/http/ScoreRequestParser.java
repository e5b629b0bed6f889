package dev.riskgate.http;

import dev.riskgate.scoring.EventType;
import dev.riskgate.scoring.LineItem;
import dev.riskgate.scoring.ScoreRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Validates the wire form of a score request. Every refusal names the field and the valid range, so a
 * gateway developer can fix the call from the error alone.
 */
public final class ScoreRequestParser {

    /** Larger than any wallet allows; beyond it the number is a bug or an attack, not a payment. */
    static final BigDecimal MAX_AMOUNT = new BigDecimal("100000000");
    static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(5);
    static final int MAX_ITEMS = 500;
    static final int MAX_QUANTITY = 100_000;
    private static final OffsetDateTime EARLIEST = OffsetDateTime.parse("2000-01-01T00:00:00Z");
    private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");
    private static final Pattern IP = Pattern.compile("[0-9A-Fa-f:.]{2,45}");

    private final Clock clock;

    public ScoreRequestParser(Clock clock) {
        this.clock = clock;
    }

    public ScoreRequest parse(JsonObject body) {
        JsonFields f = new JsonFields(body, "");
        String eventId = f.requiredId("eventId");
        EventType type = type(f);
        String accountId = f.requiredId("accountId");
        String deviceId = f.requiredId("deviceId");
        OffsetDateTime occurredAt = occurredAt(f);
        String currency = currency(f);
        BigDecimal amount = amount(f, "amount", currency, true);
        String storeId = f.optionalId("storeId");
        if (type == EventType.PURCHASE && storeId == null) {
            throw f.missing("storeId");
        }
        List<LineItem> items = items(f, type, currency);
        String fundingSource = f.optionalString("fundingSource", 64);
        String ip = f.optionalString("ip", 45);
        if (ip != null && !IP.matcher(ip).matches()) {
            throw new BadRequest("ip", "out_of_range", "ip must be an IPv4 or IPv6 address");
        }
        return new ScoreRequest(eventId, type, accountId, deviceId, occurredAt, amount, currency, storeId, items,
                fundingSource, ip);
    }

    private static EventType type(JsonFields f) {
        String type = f.requiredString("type", 16);
        return switch (type) {
            case "charge" -> EventType.CHARGE;
            case "purchase" -> EventType.PURCHASE;
            default -> throw new BadRequest("type", "out_of_range", "type must be \"charge\" or \"purchase\"");
        };
    }

    private OffsetDateTime occurredAt(JsonFields f) {
        String raw = f.requiredString("occurredAt", 64);
        OffsetDateTime t;
        try {
            t = OffsetDateTime.parse(raw);
        } catch (DateTimeParseException e) {
            throw new BadRequest("occurredAt", "bad_timestamp",
                    "occurredAt must be an ISO-8601 date-time with an offset, like 2019-07-03T10:15:00+09:00");
        }
        if (t.isBefore(EARLIEST)) {
            throw new BadRequest("occurredAt", "bad_timestamp", "occurredAt must not be before 2000-01-01");
        }
        if (t.toInstant().isAfter(clock.instant().plus(MAX_CLOCK_SKEW))) {
            throw new BadRequest("occurredAt", "bad_timestamp", "occurredAt must not be more than 5 minutes in the future");
        }
        return t;
    }

    private static String currency(JsonFields f) {
        String code = f.requiredString("currency", 3);
        if (!CURRENCY.matcher(code).matches()) {
            throw new BadRequest("currency", "bad_currency", "currency must be an ISO-4217 code like \"JPY\"");
        }
        try {
            Currency.getInstance(code);
        } catch (IllegalArgumentException e) {
            throw new BadRequest("currency", "bad_currency", "currency '" + code + "' is not an ISO-4217 code");
        }
        return code;
    }

    private static BigDecimal amount(JsonFields f, String field, String currency, boolean positive) {
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

    private static List<LineItem> items(JsonFields f, EventType type, String currency) {
        JsonArray raw = f.optionalArray("items");
        if (raw == null) {
            if (type == EventType.PURCHASE) {
                throw f.missing("items");
            }
            return List.of();
        }
        if (type == EventType.PURCHASE && raw.isEmpty()) {
            throw new BadRequest("items", "out_of_range", "items must list at least one item for a purchase");
        }
        if (raw.size() > MAX_ITEMS) {
            throw new BadRequest("items", "out_of_range", "items must have at most " + MAX_ITEMS + " entries");
        }
        List<LineItem> items = new ArrayList<>(raw.size());
        for (int i = 0; i < raw.size(); i++) {
            String path = "items[" + i + "]";
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
            BigDecimal unitPrice = amount(g, "unitPrice", currency, false);
            items.add(new LineItem(sku, category, (int) quantity, unitPrice));
        }
        return items;
    }
}
