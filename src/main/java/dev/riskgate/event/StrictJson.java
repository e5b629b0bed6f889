package dev.riskgate.event;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;

/**
 * Request bodies as JSON objects, refusing what a lenient parser would quietly resolve: a key that appears
 * twice in one object (the last one would win, so a proxy that checks the first {@code amount} and riskgate
 * would see different payments) is refused with 400 naming the key's path.
 */
public final class StrictJson {

    private static final JsonFactory FACTORY = new JsonFactory();

    private StrictJson() {
    }

    public static JsonObject object(Buffer body) {
        if (body == null || body.length() == 0) {
            throw new BadRequest(null, "malformed_json", "the request body is empty; a JSON object is required");
        }
        refuseDuplicateKeys(body.getBytes());
        Object parsed;
        try {
            parsed = Json.decodeValue(body);
        } catch (DecodeException e) {
            throw new BadRequest(null, "malformed_json", "the request body is not valid JSON");
        }
        if (!(parsed instanceof JsonObject json)) {
            throw new BadRequest(null, "malformed_json", "the request body must be a JSON object");
        }
        return json;
    }

    /** One streaming pass that tracks the keys of each open object and the path to it. */
    private static void refuseDuplicateKeys(byte[] bytes) {
        Deque<Scope> open = new ArrayDeque<>();
        try (JsonParser p = FACTORY.createParser(bytes)) {
            for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
                switch (t) {
                    case START_OBJECT -> open.push(new Scope(pathOf(open), true));
                    case START_ARRAY -> open.push(new Scope(pathOf(open), false));
                    case END_OBJECT, END_ARRAY -> open.pop();
                    case FIELD_NAME -> {
                        Scope s = open.peek();
                        s.current = p.currentName();
                        if (!s.keys.add(s.current)) {
                            String path = s.path + (s.path.isEmpty() ? "" : ".") + s.current;
                            throw new BadRequest(path, "duplicate_key", path + " appears more than once; each key may "
                                    + "appear once per object");
                        }
                    }
                    default -> {
                        // a scalar value: only its position in an array matters for later paths
                    }
                }
                if (t.isScalarValue() || t == JsonToken.END_OBJECT || t == JsonToken.END_ARRAY) {
                    Scope parent = open.peek();
                    if (parent != null && !parent.object) {
                        parent.index++;
                    }
                }
            }
        } catch (IOException e) {
            // Not JSON at all: the decoder says so in the usual words.
            throw new BadRequest(null, "malformed_json", "the request body is not valid JSON");
        }
    }

    /** The path of the value about to open inside the innermost scope, as error messages write it. */
    private static String pathOf(Deque<Scope> open) {
        Scope s = open.peek();
        if (s == null) {
            return "";
        }
        if (s.object) {
            return s.path + (s.path.isEmpty() ? "" : ".") + s.current;
        }
        return s.path + "[" + s.index + "]";
    }

    private static final class Scope {
        final String path;
        final boolean object;
        final Set<String> keys = new HashSet<>();
        String current;
        int index;

        Scope(String path, boolean object) {
            this.path = path;
            this.object = object;
        }
    }
}
