package dev.riskgate.scoring;

import java.time.Instant;

/**
 * The warm-up's events: a few accounts topping up and spending at once, on their own phones and now and
 * then a new one, on food, tobacco by the carton and gift cards, so that every rule family of the shipped
 * pack has something to match. Shapes, not thresholds: a pack with other rules is still exercised.
 */
final class SyntheticEvents {

    private static final String[][] ITEMS = {
            {"bento", "food", "1", "680"}, {"carton", "tobacco", "3", "5000"}, {"itunes-5000", "gift_card", "2", "5000"},
            {"coffee", "drinks", "2", "350"}, {"carton", "tobacco", "1", "5000"}};

    private SyntheticEvents() {
    }

    /** The {@code i}th event, on one of {@code accounts} accounts, at {@code at}, its id {@code eventId}. */
    static String body(String eventId, int i, int accounts, Instant at) {
        int account = i % accounts;
        String device = i % 7 == 0 ? "riskgate-warmup-new-device-" + i % 14 : "riskgate-warmup-device-" + account;
        String common = "\"eventId\":\"" + eventId + "\",\"accountId\":\"riskgate-warmup-account-" + account
                + "\",\"deviceId\":\"" + device + "\",\"occurredAt\":\"" + at + "\",\"currency\":\"JPY\"";
        if (i % 5 == 0) {
            return "{" + common + ",\"type\":\"charge\",\"amount\":" + (10_000 * (1 + i % 3))
                    + ",\"fundingSource\":\"card\",\"ip\":\"192.0.2." + (1 + i % 200) + "\"}";
        }
        String[] item = ITEMS[i % ITEMS.length];
        int quantity = Integer.parseInt(item[2]);
        int price = Integer.parseInt(item[3]);
        return "{" + common + ",\"type\":\"purchase\",\"amount\":" + quantity * price + ",\"storeId\":\"riskgate-warmup-store-"
                + (i % 3) + "\",\"items\":[{\"sku\":\"" + item[0] + "\",\"category\":\"" + item[1] + "\",\"quantity\":"
                + quantity + ",\"unitPrice\":" + price + "}]}";
    }
}
