package dev.riskgate.bench;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.SplittableRandom;

/**
 * The open-loop generator's events, the same mix as varied.lua: each of {@code accounts} accounts has its
 * own phone and a few usual stores; about 8% are top-ups, the rest purchases of everyday goods with now
 * and then tobacco or a gift card. Ids carry the run's start and a counter, so none repeats.
 */
final class VariedEvents {

    private static final String[][] GOODS = {
            {"bento", "food", "400", "900"}, {"onigiri", "food", "120", "250"}, {"coffee", "drinks", "120", "480"},
            {"tea", "drinks", "100", "200"}, {"detergent", "household", "300", "900"},
            {"magazine", "books", "400", "1200"}};

    private final int accounts;
    private final String run;
    private final SplittableRandom random;
    private long counter;

    VariedEvents(int accounts, long seed) {
        this.accounts = accounts;
        this.run = Long.toString(System.currentTimeMillis());
        this.random = new SplittableRandom(seed);
    }

    String next() {
        long n = counter++;
        int acct = random.nextInt(accounts);
        String id = "o-" + run + "-" + n;
        String at = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        int pick = random.nextInt(1, 101);
        if (pick <= 8) {
            return String.format("{\"eventId\":\"%s\",\"type\":\"charge\",\"accountId\":\"a%d\",\"deviceId\":\"d%d\","
                    + "\"occurredAt\":\"%s\",\"amount\":%d,\"currency\":\"JPY\",\"fundingSource\":\"card\"}",
                    id, acct, acct, at, 1000 * random.nextInt(1, 11));
        }
        String sku;
        String category;
        int qty;
        int price;
        if (pick <= 10) {
            sku = "carton"; category = "tobacco"; qty = random.nextInt(1, 4); price = 5000;
        } else if (pick <= 11) {
            sku = "itunes-5000"; category = "gift_card"; qty = 1; price = 5000;
        } else {
            String[] g = GOODS[random.nextInt(GOODS.length)];
            sku = g[0]; category = g[1]; qty = random.nextInt(1, 4);
            price = random.nextInt(Integer.parseInt(g[2]), Integer.parseInt(g[3]) + 1);
        }
        return String.format("{\"eventId\":\"%s\",\"type\":\"purchase\",\"accountId\":\"a%d\",\"deviceId\":\"d%d\","
                + "\"occurredAt\":\"%s\",\"amount\":%d,\"currency\":\"JPY\",\"storeId\":\"s%d\",\"items\":[{\"sku\":\"%s\","
                + "\"category\":\"%s\",\"quantity\":%d,\"unitPrice\":%d}]}",
                id, acct, acct, at, qty * price, (acct * 7 + random.nextInt(3)) % 5000, sku, category, qty, price);
    }
}
