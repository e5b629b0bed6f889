package dev.riskgate.http;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Valid score request bodies in JPY, each with a fresh eventId (and a fresh store for purchases, so the
 * store-wide rules never see another test's events), occurring now.
 */
public final class ScoreBodies {

    private ScoreBodies() {
    }

    public static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID();
    }

    public static JsonObject charge(String accountId, String deviceId, long amount) {
        return new JsonObject()
                .put("eventId", unique("evt"))
                .put("type", "charge")
                .put("accountId", accountId)
                .put("deviceId", deviceId)
                .put("occurredAt", Instant.now().toString())
                .put("amount", amount)
                .put("currency", "JPY")
                .put("fundingSource", "card")
                .put("ip", "203.0.113.7");
    }

    /**
     * A small purchase on the owner's own phone two days ago: once it is scored, any other device is new to
     * the account, so the pack's value rules (which amplify evidence of who is acting, never act alone)
     * speak on what that device does.
     */
    public static JsonObject ownersEarlierPurchase(String accountId) {
        return purchase(accountId, unique("owner-phone"), item("food", 1, 500))
                .put("occurredAt", Instant.now().minus(java.time.Duration.ofDays(2)).toString());
    }

    /** A purchase whose amount is the basket's total. */
    public static JsonObject purchase(String accountId, String deviceId, JsonObject... items) {
        JsonArray basket = new JsonArray();
        long total = 0;
        for (JsonObject item : items) {
            basket.add(item);
            total += item.getLong("quantity") * item.getLong("unitPrice");
        }
        return charge(accountId, deviceId, total)
                .put("type", "purchase")
                .put("storeId", unique("store"))
                .put("items", basket)
                .put("fundingSource", "wallet");
    }

    public static JsonObject item(String category, int quantity, long unitPrice) {
        return new JsonObject().put("sku", unique("sku")).put("category", category)
                .put("quantity", quantity).put("unitPrice", unitPrice);
    }

    /** Names of the rules a decision says fired. */
    public static List<String> firedRules(JsonObject decision) {
        return decision.getJsonArray("reasons").stream().map(r -> ((JsonObject) r).getString("rule")).toList();
    }

    /** The message of the named fired rule, or null when it did not fire. */
    public static String reasonMessage(JsonObject decision, String rule) {
        return decision.getJsonArray("reasons").stream().map(JsonObject.class::cast)
                .filter(r -> rule.equals(r.getString("rule"))).map(r -> r.getString("message"))
                .findFirst().orElse(null);
    }
}
