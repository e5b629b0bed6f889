package dev.riskgate.http;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A seeded generator of request bodies that are wrong by construction: each starts from a good request and
 * applies one to three mutations, every one of which alone makes the body unacceptable (broken syntax, a
 * duplicated key, a value outside its field's range, a missing field, bad characters, invalid UTF-8, too
 * deep, too large). Nothing here can turn out valid by accident, so every answer must be a refusal.
 */
final class MalformedBodies {

    /** A body and the endpoint it is sent to. */
    record Case(String path, byte[] body, String description) {
    }

    private static final String LONG_ID = "\"" + "x".repeat(129) + "\"";
    private static final List<String> BAD_IDS = List.of("\"\"", "\"   \"", LONG_ID, "12", "true", "[]", "{}",
            "\"a\\u0000b\"", "\"a\\u202Eb\"", "\"\\ud800\"", "\"x\\udc00\"", "\"\\ud800\\ud800\"", "\"\\udbff\"",
            "\"a\\u2066b\"", "\"\\u200F\"", "\"a\\u2028b\"", "\"\\uFEFFa\"", "\"a\\u0085\"", "\"a\\u061Cb\"",
            "\"a\\u00ADb\"", "\"a\\u202Ab\\u202C\"", "\"evt\\u200E\"", "\"a\\tb\"", "\"a\\nb\"");
    /** Values that no field of the given path accepts in a JPY purchase. */
    private static final Map<String, List<String>> BAD_SCORE_VALUES = Map.ofEntries(
            Map.entry("eventId", BAD_IDS),
            Map.entry("accountId", BAD_IDS),
            Map.entry("deviceId", BAD_IDS),
            Map.entry("storeId", BAD_IDS),
            Map.entry("items[0].sku", BAD_IDS),
            Map.entry("items[1].sku", BAD_IDS),
            Map.entry("items[0].category", List.of("\"\"", "\"" + "c".repeat(65) + "\"", "1", "\"a\\u202Eb\"", "\"\\udfff\"", "[]")),
            Map.entry("type", List.of("\"refund\"", "\"\"", "1", "\"CHARGE\"", "null", "[]", "\"purchase\\u200B\"")),
            Map.entry("occurredAt", List.of("\"yesterday\"", "\"2019-07-03T10:40:00\"", "1562118000", "\"2999-01-01T00:00:00Z\"",
                    "\"1999-12-31T23:59:59Z\"", "null", "\"\"", "\"2019-07-03T10:40:00+09:00\\u202E\"")),
            Map.entry("amount", List.of("0", "-1", "\"1400\"", "1e309", "-1e309", "1E400", "100000001", "1400.5", "true",
                    "null", "[]", "{}", "-0")),
            Map.entry("currency", List.of("\"jpy\"", "\"XXQ\"", "\"JPYY\"", "392", "\"\"", "null", "\"JP\\u0000\"")),
            Map.entry("items", List.of("[]", "\"x\"", "[1]", "[{}]", "null", "{}", "[null]", "[[]]", basket(501))),
            Map.entry("items[0].quantity", List.of("0", "1.5", "\"1\"", "100001", "-1", "2.0", "null", "1e3", "true")),
            Map.entry("items[1].unitPrice", List.of("-1", "0.5", "\"5\"", "null", "1e309", "100000001", "[]")),
            Map.entry("ip", List.of("\"localhost\"", "\"1.2.3.4 \"", "12", "\"\"", "\"a\\u202E\"", "\"" + "1".repeat(46) + "\"")),
            Map.entry("fundingSource", List.of("\"" + "f".repeat(65) + "\"", "\"\"", "\"a\\u0007\"", "7", "\"\\ud83d\"")));
    private static final Map<String, List<String>> BAD_FEEDBACK_VALUES = Map.of(
            "eventId", BAD_IDS,
            "outcome", List.of("\"fraud\"", "\"\"", "1", "null", "\"FRAUD \"", "\"MAYBE\"", "[]", "\"FRAUD\\u200B\""));
    private static final List<String> REQUIRED_SCORE_FIELDS = List.of("eventId", "type", "accountId", "deviceId",
            "occurredAt", "amount", "currency", "storeId", "items", "items[0].sku", "items[0].quantity", "items[1].unitPrice");
    private static final List<String> WHOLE_BODIES = List.of("", " ", "[]", "null", "1", "\"x\"", "true", "{}", "[{}]",
            "{\"eventId\":", "{\"a\":1}{\"a\":2}", "{'eventId':'x'}", "{\"eventId\":\"x\",}", "{\"eventId\" \"x\"}",
            "[" + "[".repeat(2000) + "]".repeat(2000) + "]", "[".repeat(600) + "]".repeat(600),
            "{\"a\":" + "{\"a\":".repeat(1500) + "1" + "}".repeat(1501));
    /** Bytes that break JSON wherever they are put outside a string (no digits, signs or spaces). */
    private static final List<byte[]> BREAKERS = List.of(bytes(","), bytes(":"), bytes("{"), bytes("["), bytes("}"),
            bytes("]"), bytes("x"), bytes("@"), bytes("'"), bytes("#"), bytes("/"), new byte[] {0},
            new byte[] {(byte) 0xFF}, new byte[] {(byte) 0xC3}, bytes("NaN"), bytes("\\"));
    /** Bytes that break JSON inside a string too: invalid UTF-8 and raw control characters. */
    private static final List<byte[]> IN_STRING_BREAKERS = List.of(new byte[] {(byte) 0xFF}, new byte[] {(byte) 0xC3, 'a'},
            new byte[] {(byte) 0x80}, new byte[] {1}, new byte[] {0x1F},
            new byte[] {'\n'}, new byte[] {(byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80});

    private final Random random;
    private final JsonObject score;
    private final JsonObject feedback;

    /** {@code score} is a good JPY purchase with two items, an ip and a fundingSource; {@code feedback} a good feedback. */
    MalformedBodies(long seed, JsonObject score, JsonObject feedback) {
        this.random = new Random(seed);
        this.score = score;
        this.feedback = feedback;
    }

    Case next(int n) {
        int roll = random.nextInt(100);
        if (roll < 4) {
            String body = pick(WHOLE_BODIES);
            return new Case(roll < 2 ? "/v1/score" : "/v1/feedback", bytes(body), "whole body " + abbreviate(body));
        }
        if (roll < 6) {
            JsonObject big = score.copy().put("eventId", "fuzz-" + n).put("pad", "p".repeat(HttpApi.MAX_BODY_BYTES));
            return new Case("/v1/score", bytes(big.encode()), "over 64 KiB");
        }
        boolean toFeedback = roll < 18;
        JsonObject body = toFeedback ? feedback.copy() : score.copy().put("eventId", "fuzz-" + n);
        Map<String, List<String>> badValues = toFeedback ? BAD_FEEDBACK_VALUES : BAD_SCORE_VALUES;
        List<String> required = toFeedback ? List.of("eventId", "outcome") : REQUIRED_SCORE_FIELDS;
        int values = random.nextInt(3);
        boolean duplicate = random.nextInt(4) == 0;
        boolean breakBytes = random.nextInt(3) == 0;
        if (values == 0 && !duplicate && !breakBytes) {
            values = 1;
        }
        // In this order, so that no later step can undo an earlier one: values on the object (a raw value goes
        // in as a marker), then a duplicated key in the text, then at most one byte-level break (two could
        // cancel out, as a truncation and an appended brace would).
        List<String> applied = new ArrayList<>();
        Map<String, String> raw = new LinkedHashMap<>();
        for (int v = 0; v < values; v++) {
            boolean remove = random.nextInt(4) == 0;
            String path = remove ? pick(required) : pick(List.copyOf(badValues.keySet()));
            String value = remove ? null : pick(badValues.get(path));
            if (set(body, path, value, raw)) {
                applied.add(remove ? "without " + path : path + "=" + abbreviate(value));
            }
        }
        String text = body.encode();
        for (Map.Entry<String, String> r : raw.entrySet()) {
            text = text.replace("\"" + r.getKey() + "\"", r.getValue());
        }
        if (duplicate) {
            text = duplicateKey(text, body, applied);
        }
        byte[] bytes = bytes(text);
        if (breakBytes) {
            bytes = random.nextBoolean() ? breakSyntax(bytes, applied) : truncate(bytes, applied);
        }
        return new Case(toFeedback ? "/v1/feedback" : "/v1/score", bytes, String.join("; ", applied));
    }

    /**
     * Sets the field at {@code path} to a marker standing for {@code rawValue}, or removes it when that is
     * null. False when an item path no longer leads anywhere: then {@code items} itself is already invalid.
     */
    private static boolean set(JsonObject body, String path, String rawValue, Map<String, String> raw) {
        JsonObject holder = body;
        String key = path;
        if (path.startsWith("items[")) {
            int index = Integer.parseInt(path.substring(6, path.indexOf(']')));
            if (!(body.getValue("items") instanceof JsonArray items) || items.size() <= index
                    || !(items.getValue(index) instanceof JsonObject item)) {
                return false;
            }
            holder = item;
            key = path.substring(path.indexOf('.') + 1);
        }
        if (rawValue == null) {
            holder.remove(key);
        } else {
            String marker = "@@raw-" + raw.size() + "@@";
            raw.put(marker, rawValue);
            holder.put(key, marker);
        }
        return true;
    }

    /** Writes a key that is present a second time: at the top, inside an item, or deep in an extra field. */
    private String duplicateKey(String json, JsonObject body, List<String> applied) {
        String value = pick(List.of("\"x\"", "1", "null", "{}", "[]", "true"));
        int where = random.nextInt(3);
        List<String> top = List.copyOf(body.fieldNames());
        if (where == 0 && !top.isEmpty()) {
            String key = pick(top);
            applied.add("duplicate " + key);
            return "{\"" + key + "\":" + value + "," + json.substring(1);
        }
        if (where == 1 && body.getValue("items") instanceof JsonArray items && !items.isEmpty()
                && items.getValue(0) instanceof JsonObject item && !item.isEmpty() && json.contains("\"items\":[{")) {
            String key = pick(List.copyOf(item.fieldNames()));
            applied.add("duplicate items[0]." + key);
            return json.replaceFirst("\"items\":\\[\\{", "\"items\":[{\"" + key + "\":" + value + ",");
        }
        int depth = 1 + random.nextInt(20);
        String nested = "{\"k\":".repeat(depth) + "{\"d\":1,\"d\":" + value + "}" + "}".repeat(depth);
        applied.add("duplicate key " + depth + " objects deep in an unknown field");
        return "{\"extra\":" + nested + "," + json.substring(1);
    }

    /** Inserts a byte that JSON cannot have where it lands. */
    private byte[] breakSyntax(byte[] body, List<String> applied) {
        boolean[] inString = stringBytes(body);
        int at = random.nextInt(body.length + 1);
        boolean insideString = at > 0 && at < body.length && inString[at] && inString[at - 1];
        byte[] insert = insideString ? pick(IN_STRING_BREAKERS) : pick(BREAKERS);
        applied.add("insert " + hex(insert) + " at " + at + (insideString ? " in a string" : ""));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(body, 0, at);
        out.write(insert, 0, insert.length);
        out.write(body, at, body.length - at);
        return out.toByteArray();
    }

    /** A proper prefix of an object's text is never JSON: the closing brace is missing. */
    private byte[] truncate(byte[] body, List<String> applied) {
        int at = body.length <= 1 ? 0 : random.nextInt(body.length - 1) + 1;
        applied.add("truncate at " + at);
        byte[] cut = new byte[at];
        System.arraycopy(body, 0, cut, 0, at);
        return cut;
    }

    /** Which bytes lie inside a JSON string, quotes included. */
    private static boolean[] stringBytes(byte[] body) {
        boolean[] in = new boolean[body.length];
        boolean inside = false;
        boolean escaped = false;
        for (int i = 0; i < body.length; i++) {
            byte b = body[i];
            if (inside) {
                in[i] = true;
                if (escaped) {
                    escaped = false;
                } else if (b == '\\') {
                    escaped = true;
                } else if (b == '"') {
                    inside = false;
                }
            } else if (b == '"') {
                inside = true;
                in[i] = true;
            }
        }
        return in;
    }

    private <T> T pick(List<T> from) {
        return from.get(random.nextInt(from.size()));
    }

    private static String basket(int size) {
        JsonArray items = new JsonArray();
        for (int i = 0; i < size; i++) {
            items.add(new JsonObject().put("sku", "s" + i).put("quantity", 1).put("unitPrice", 1));
        }
        return items.encode();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String hex(byte[] b) {
        StringBuilder s = new StringBuilder();
        for (byte x : b) {
            s.append(String.format("%02x", x));
        }
        return s.toString();
    }

    private static String abbreviate(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "...(" + s.length() + ")" : s;
    }
}
