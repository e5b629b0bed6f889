package dev.riskgate.http;

import dev.riskgate.scoring.LineItem;
import dev.riskgate.scoring.ScoreRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** A validated request written back in its wire form: what the decision log stores and replay reads. */
public final class ScoreRequestJson {

    private ScoreRequestJson() {
    }

    public static JsonObject encode(ScoreRequest r) {
        JsonObject json = new JsonObject()
                .put("eventId", r.eventId())
                .put("type", r.type().wireName())
                .put("accountId", r.accountId())
                .put("deviceId", r.deviceId())
                .put("occurredAt", r.occurredAt().toString())
                .put("amount", r.amount())
                .put("currency", r.currency());
        putIfPresent(json, "storeId", r.storeId());
        if (!r.items().isEmpty()) {
            JsonArray items = new JsonArray();
            for (LineItem i : r.items()) {
                JsonObject item = new JsonObject().put("sku", i.sku()).put("quantity", i.quantity()).put("unitPrice", i.unitPrice());
                putIfPresent(item, "category", i.category());
                items.add(item);
            }
            json.put("items", items);
        }
        putIfPresent(json, "fundingSource", r.fundingSource());
        putIfPresent(json, "ip", r.ip());
        return json;
    }

    private static void putIfPresent(JsonObject json, String field, String value) {
        if (value != null) {
            json.put(field, value);
        }
    }
}
