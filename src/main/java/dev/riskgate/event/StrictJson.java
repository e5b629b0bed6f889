package dev.riskgate.event;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Request bodies as JSON objects, refusing what a lenient parser would quietly resolve: a key that appears
 * twice in one object (the last one would win, so a proxy that checks the first {@code amount} and riskgate
 * would see different payments) is refused with 400 naming the key's path.
 *
 * <p>One streaming pass builds the object (the same values Vert.x's decoder builds) and notices a repeated
 * key as it is read. Jackson's {@code STRICT_DUPLICATE_DETECTION} would notice it too, but reports it as a
 * parse error told apart from bad syntax only by its message's wording; the map being built already knows.
 */
public final class StrictJson {

    private static final JsonFactory FACTORY = new JsonFactory();

    private StrictJson() {
    }

    public static JsonObject object(Buffer body) {
        if (body == null || body.length() == 0) {
            throw new BadRequest(null, "malformed_json", "the request body is empty; a JSON object is required");
        }
        Object parsed;
        try (JsonParser p = FACTORY.createParser(body.getBytes())) {
            parsed = value(p, p.nextToken());
            if (p.nextToken() != null) {
                throw new BadRequest(null, "malformed_json", "the request body is not valid JSON");
            }
        } catch (IOException e) {
            // Bad syntax, invalid UTF-8, nesting past Jackson's limit: not JSON as far as riskgate is concerned.
            throw new BadRequest(null, "malformed_json", "the request body is not valid JSON");
        }
        if (!(parsed instanceof JsonObject json)) {
            throw new BadRequest(null, "malformed_json", "the request body must be a JSON object");
        }
        return json;
    }

    private static Object value(JsonParser p, JsonToken t) throws IOException {
        if (t == null) {
            throw new BadRequest(null, "malformed_json", "the request body is not valid JSON");
        }
        return switch (t) {
            case START_OBJECT -> object(p);
            case START_ARRAY -> array(p);
            case VALUE_STRING -> p.getText();
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> p.getNumberValue();
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            case VALUE_NULL -> null;
            default -> throw new BadRequest(null, "malformed_json", "the request body is not valid JSON");
        };
    }

    private static JsonObject object(JsonParser p) throws IOException {
        Map<String, Object> fields = new LinkedHashMap<>();
        for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
            // containsKey, not put's result: a first value of null is still a first value.
            if (fields.containsKey(name)) {
                String path = pathOf(p.getParsingContext());
                throw new BadRequest(path, "duplicate_key", path + " appears more than once; each key may "
                        + "appear once per object");
            }
            fields.put(name, value(p, p.nextToken()));
        }
        return new JsonObject(fields);
    }

    private static JsonArray array(JsonParser p) throws IOException {
        List<Object> values = new ArrayList<>();
        for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
            values.add(value(p, t));
        }
        return new JsonArray(values);
    }

    /** Where the parser is, as error messages write it: {@code items[1].sku}. */
    private static String pathOf(JsonStreamContext at) {
        Deque<JsonStreamContext> outward = new ArrayDeque<>();
        for (JsonStreamContext c = at; c != null && !c.inRoot(); c = c.getParent()) {
            outward.push(c);
        }
        StringBuilder path = new StringBuilder();
        for (JsonStreamContext c : outward) {
            if (c.inArray()) {
                path.append('[').append(c.getCurrentIndex()).append(']');
            } else {
                path.append(path.isEmpty() ? "" : ".").append(c.getCurrentName());
            }
        }
        return path.toString();
    }
}
