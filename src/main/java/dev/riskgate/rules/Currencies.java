package dev.riskgate.rules;

import dev.riskgate.event.BadRequest;
import dev.riskgate.event.LineItem;
import dev.riskgate.event.ScoreRequest;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The currencies a pack scores, and what their amounts are worth in its base currency. Every amount in
 * {@code parameters.properties} is in the base currency ({@code currency.base}); the API takes only the
 * currencies listed in {@code currencies}, and an event in one other than the base is converted with the
 * rate in {@code currencies.csv} before anything reads it: facts, resale goods, the history it leaves.
 * One set of thresholds then serves every currency, and a ¥90,400 drain paid as $620 is the same drain.
 */
public final class Currencies {

    public static final String FILE = "currencies.csv";
    static final String ACCEPTED = "currencies";
    static final String BASE = "currency.base";
    private static final String HEADER = "currency,minor_unit_digits,rate_to_base";
    private static final Pattern CODE = Pattern.compile("[A-Z]{3}");
    private static final BigDecimal MAX_RATE = new BigDecimal("1000000");
    private static final BigDecimal MIN_RATE = new BigDecimal("0.000001");

    private final String base;
    private final int baseDigits;
    /** Accepted currency to what one of its units is worth in the base currency. */
    private final Map<String, BigDecimal> rates;

    private Currencies(String base, Map<String, BigDecimal> rates) {
        this.base = base;
        this.baseDigits = Currency.getInstance(base).getDefaultFractionDigits();
        this.rates = Map.copyOf(rates);
    }

    /** The currency every amount in the pack's parameters, and in its history, is in. */
    public String base() {
        return base;
    }

    /** The currencies the API takes while this pack is live. */
    public Set<String> accepted() {
        return rates.keySet();
    }

    /** Refuses {@code currency} when this pack does not take it, naming the ones it does. */
    public void require(String currency) {
        if (!rates.containsKey(currency)) {
            throw new BadRequest("currency", "unsupported_currency", "currency " + currency
                    + " is not accepted; the live rule pack takes " + String.join(", ", sorted()));
        }
    }

    /**
     * {@code req} with its amount and unit prices in the base currency (itself when it is in the base
     * currency), rounded half up to the base currency's minor unit, and never rounded down to nothing.
     */
    public ScoreRequest inBase(ScoreRequest req) {
        require(req.currency());
        if (req.currency().equals(base)) {
            return req;
        }
        BigDecimal rate = rates.get(req.currency());
        List<LineItem> items = new ArrayList<>(req.items().size());
        for (LineItem i : req.items()) {
            items.add(new LineItem(i.sku(), i.category(), i.quantity(), convert(i.unitPrice(), rate)));
        }
        return new ScoreRequest(req.eventId(), req.type(), req.accountId(), req.deviceId(), req.occurredAt(),
                convert(req.amount(), rate), base, req.storeId(), items, req.fundingSource(), req.ip());
    }

    private BigDecimal convert(BigDecimal amount, BigDecimal rate) {
        BigDecimal converted = amount.multiply(rate).setScale(baseDigits, RoundingMode.HALF_UP);
        if (converted.signum() == 0 && amount.signum() > 0) {
            return BigDecimal.ONE.movePointLeft(baseDigits);
        }
        return converted;
    }

    private List<String> sorted() {
        return rates.keySet().stream().sorted().toList();
    }

    static Currencies load(Path dir, Parameters params, List<CompileError> errors) {
        int before = errors.size();
        String base = code(params, BASE, params.text(BASE), errors);
        List<String> accepted = new ArrayList<>();
        String list = params.text(ACCEPTED);
        if (list == null) {
            errors.add(new CompileError(Parameters.FILE, null, null, "parameter '" + ACCEPTED + "' is required: the "
                    + "currencies the API accepts, comma-separated, like " + ACCEPTED + " = JPY"));
        } else {
            for (String raw : list.split(",", -1)) {
                String code = code(params, ACCEPTED, raw.trim(), errors);
                if (code != null && accepted.contains(code)) {
                    errors.add(params.error(ACCEPTED, code + " is listed twice"));
                } else if (code != null) {
                    accepted.add(code);
                }
            }
        }
        Map<String, BigDecimal> table = new LinkedHashMap<>();
        Set<String> listed = new HashSet<>();
        for (PackCsv.Row row : PackCsv.read(dir, FILE, HEADER, 3, false, errors)) {
            listed.add(row.cells()[0].trim());
            rate(row, base, table, errors);
        }
        Map<String, BigDecimal> rates = new LinkedHashMap<>();
        for (String code : accepted) {
            if (code.equals(base)) {
                rates.put(code, BigDecimal.ONE);
            } else if (table.containsKey(code)) {
                rates.put(code, table.get(code));
            } else if (base != null && !listed.contains(code)) { // (a listed one has its row's error already)
                errors.add(params.error(ACCEPTED, code + " is accepted but " + FILE + " gives no rate_to_base for it: "
                        + "its amounts could not be compared with thresholds in " + base));
            }
        }
        return errors.size() > before ? null : new Currencies(base, rates);
    }

    private static void rate(PackCsv.Row row, String base, Map<String, BigDecimal> table, List<CompileError> errors) {
        String code = row.cells()[0].trim();
        String digits = row.cells()[1].trim();
        String rate = row.cells()[2].trim();
        Integer iso = isoDigits(code);
        if (iso == null) {
            errors.add(row.error("currency must be an ISO-4217 code like JPY, was '" + code + "'"));
            return;
        }
        if (!digits.equals(Integer.toString(iso))) {
            // The API checks an amount's decimals against ISO 4217: a table that disagreed would price
            // 6.20 dollars as 620.
            errors.add(row.error("minor_unit_digits of " + code + " is " + iso + " (ISO 4217), was '" + digits + "'"));
            return;
        }
        BigDecimal value;
        try {
            value = new BigDecimal(rate);
        } catch (NumberFormatException e) {
            errors.add(row.error("rate_to_base must be a decimal number, was '" + rate + "'"));
            return;
        }
        if (value.compareTo(MIN_RATE) < 0 || value.compareTo(MAX_RATE) > 0) {
            errors.add(row.error("rate_to_base must be in the range [0.000001, 1000000], was " + rate));
        } else if (code.equals(base) && value.compareTo(BigDecimal.ONE) != 0) {
            errors.add(row.error(code + " is the base currency: its rate_to_base is 1, was " + rate));
        } else if (table.putIfAbsent(code, value) != null) {
            errors.add(row.error(code + " has a rate already"));
        }
    }

    private static String code(Parameters params, String key, String raw, List<CompileError> errors) {
        if (raw == null) {
            errors.add(new CompileError(Parameters.FILE, null, null, "parameter '" + key + "' is required: the "
                    + "currency every amount in " + Parameters.FILE + " is in, like " + key + " = JPY"));
            return null;
        }
        if (isoDigits(raw) == null) {
            errors.add(params.error(key, "'" + key + "' must hold ISO-4217 currency codes like JPY, found '" + raw + "'"));
            return null;
        }
        return raw;
    }

    /** The currency's minor-unit digits, or null when {@code code} is not an ISO-4217 currency. */
    private static Integer isoDigits(String code) {
        if (!CODE.matcher(code).matches()) {
            return null;
        }
        try {
            int digits = Currency.getInstance(code).getDefaultFractionDigits();
            return digits < 0 ? null : digits;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
