package dev.riskgate.simulate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The world presets: what tills send, how customers top up, the new attacks, warm-up history. */
class WorldsTest {

    private static final Set<String> PACK_SKUS = new HashSet<>();
    private static final Set<String> LISTED_PACK_SKUS = new HashSet<>();
    private static final Set<String> CARTON_SKUS = new HashSet<>();

    static {
        for (Goods.Brand b : Goods.LISTED_BRANDS) {
            PACK_SKUS.add(b.packSku());
            LISTED_PACK_SKUS.add(b.packSku());
            CARTON_SKUS.add(b.cartonSku());
        }
        for (Goods.Brand b : Goods.OTHER_BRANDS) {
            PACK_SKUS.add(b.packSku());
            CARTON_SKUS.add(b.cartonSku());
        }
    }

    private static Simulated vendorTills;
    private static Simulated sevenPay;
    private static Simulated lowAndSlow;

    @BeforeAll
    static void simulate() {
        vendorTills = Simulated.run(settings(World.VENDOR_TILLS, 400, 30, 21));
        sevenPay = Simulated.run(settings(World.SEVEN_PAY, 400, 30, 22));
        lowAndSlow = Simulated.run(settings(World.LOW_AND_SLOW, 400, 30, 23));
    }

    private static SimulationSettings settings(World world, int accounts, int days, long seed) {
        return new SimulationSettings(accounts, days, seed, SimulationSettings.DEFAULT_START, world);
    }

    @Test
    void everyPresetIsDeterministicPerSeed() {
        for (World w : World.presets()) {
            SimulationSettings s = settings(w, 60, w.warmDays() + 5, 4);
            assertThat(Simulated.run(s).eventsText()).as(w.name()).isNotEmpty().isEqualTo(Simulated.run(s).eventsText());
        }
    }

    @Test
    void tillsOfDifferentVendorsSpellCategoriesTheirOwnWayAndSomeSendNone() {
        Set<String> tobaccoSpellings = new HashSet<>();
        Set<String> giftSpellings = new HashSet<>();
        long silentTobacco = 0;
        for (JsonObject item : items(vendorTills)) {
            String sku = item.getString("sku");
            String category = item.getString("category");
            if (PACK_SKUS.contains(sku) || CARTON_SKUS.contains(sku)) {
                if (category == null) {
                    silentTobacco++;
                } else {
                    tobaccoSpellings.add(category);
                }
            } else if (sku.startsWith("gift-") && category != null) {
                giftSpellings.add(category);
            }
        }
        assertThat(tobaccoSpellings).contains("tobacco", "Tobacco", "cigarettes");
        assertThat(giftSpellings).contains("gift_card", "Gift Card", "giftcard", "gift-card");
        assertThat(silentTobacco).isPositive();
    }

    @Test
    void mostPacksSoldAreOfBrandsNobodyListed() {
        List<JsonObject> packs = items(vendorTills).stream().filter(i -> PACK_SKUS.contains(i.getString("sku"))).toList();
        long listed = packs.stream().filter(i -> LISTED_PACK_SKUS.contains(i.getString("sku"))).count();
        assertThat(packs).hasSizeGreaterThan(100);
        assertThat((double) listed / packs.size()).isLessThan(0.3);
        assertThat(packs).allMatch(i -> i.getDouble("unitPrice") >= 450 && i.getDouble("unitPrice") <= 600);
    }

    @Test
    void aRegularSmokerBuysAPackOrTwoMostDaysAndSometimesTenAtOnce() {
        Map<String, List<JsonObject>> bySmoker = vendorTills.events().stream()
                .filter(e -> !vendorTills.fraud(e) && vendorTills.labels().get(e.getString("eventId"))[3].equals("pack-smoker"))
                .collect(Collectors.groupingBy(e -> e.getString("accountId")));
        assertThat(bySmoker).hasSizeGreaterThan(20);
        List<Integer> packQuantities = new ArrayList<>();
        for (List<JsonObject> events : bySmoker.values()) {
            for (JsonObject e : events) {
                if (e.getString("type").equals("purchase")) {
                    e.getJsonArray("items").stream().map(JsonObject.class::cast)
                            .filter(i -> PACK_SKUS.contains(i.getString("sku"))).forEach(i -> packQuantities.add(i.getInteger("quantity")));
                }
            }
        }
        assertThat(packQuantities).contains(1, 2, 10).allMatch(q -> q == 1 || q == 2 || q == 10);
        // Most days: more than half of the 30, on average (some smokers joined later in the month).
        assertThat(packQuantities.stream().filter(q -> q <= 2).count()).isGreaterThan(15L * bySmoker.size());
    }

    @Test
    void roundTopUpCustomersChargeTensOfThousandsAtATimeAndSpendItOverDays() {
        Simulated round = Simulated.run(settings(World.ROUND_TOP_UPS, 300, 30, 24));
        List<Long> topUps = round.events().stream().filter(e -> !round.fraud(e) && e.getString("type").equals("charge"))
                .map(e -> e.getLong("amount")).toList();
        long large = topUps.stream().filter(a -> a >= 10_000 && a % 10_000 == 0).count();
        assertThat((double) large / topUps.size()).isGreaterThan(0.5);
        assertThat(topUps).contains(30_000L);
        long purchases = round.events().stream().filter(e -> !round.fraud(e) && e.getString("type").equals("purchase")).count();
        assertThat(purchases).isGreaterThan(5L * topUps.size());
    }

    @Test
    void topUpBurstChargesAboutThreeHundredThousandWithinMinutesFromOneDevice() {
        Map<String, List<JsonObject>> byVictim = byVictim(sevenPay, CampaignKind.TOPUP_BURST);
        assertThat(byVictim).isNotEmpty();
        for (List<JsonObject> attack : byVictim.values()) {
            List<JsonObject> charges = attack.stream().filter(e -> e.getString("type").equals("charge")).toList();
            assertThat(charges).hasSizeGreaterThanOrEqualTo(5);
            assertThat(charges.stream().map(e -> e.getString("deviceId")).distinct()).hasSize(1);
            assertThat(charges.stream().mapToLong(e -> e.getLong("amount")).sum()).isBetween(250_000L, 400_000L);
            assertThat(minutesBetween(charges.get(0), charges.get(charges.size() - 1))).isLessThanOrEqualTo(30);
        }
    }

    @Test
    void clonedDeviceUsesTheVictimsOwnDeviceAtNight() {
        Map<String, List<JsonObject>> byVictim = byVictim(sevenPay, CampaignKind.CLONED_DEVICE);
        assertThat(byVictim).isNotEmpty();
        byVictim.forEach((account, attack) -> {
            String device = attack.get(0).getString("deviceId");
            assertThat(sevenPay.events()).anyMatch(e -> !sevenPay.fraud(e) && e.getString("accountId").equals(account)
                    && e.getString("deviceId").equals(device));
            assertThat(hour(attack.get(0))).isBetween(0, 5);
        });
    }

    @Test
    void sevenPayMuleHandsetsWorkSevenOrEightAccounts() {
        Map<String, List<JsonObject>> byHandset = sevenPay.eventsOf(CampaignKind.MULE_HANDSET.label()).stream()
                .collect(Collectors.groupingBy(e -> e.getString("deviceId")));
        assertThat(byHandset).isNotEmpty();
        byHandset.values().forEach(events ->
                assertThat(events.stream().map(e -> e.getString("accountId")).distinct().count()).isBetween(7L, 8L));
    }

    @Test
    void giftCardDrainsBuyCardsAtNightAndSingleCartonDrainsOneCartonAtATime() {
        Map<String, List<JsonObject>> cards = byVictim(lowAndSlow, CampaignKind.GIFT_CARD_DRAIN);
        assertThat(cards).isNotEmpty();
        for (List<JsonObject> attack : cards.values()) {
            assertThat(hour(attack.get(0))).isBetween(0, 5);
            assertThat(attack.stream().filter(e -> e.getString("type").equals("purchase")))
                    .isNotEmpty()
                    .allMatch(e -> e.getJsonArray("items").stream().map(JsonObject.class::cast)
                            .anyMatch(i -> i.getString("sku").startsWith("gift-")));
        }
        Map<String, List<JsonObject>> cartons = byVictim(lowAndSlow, CampaignKind.SINGLE_CARTON_DRAIN);
        assertThat(cartons).isNotEmpty();
        for (List<JsonObject> attack : cartons.values()) {
            List<JsonObject> purchases = attack.stream().filter(e -> e.getString("type").equals("purchase")).toList();
            assertThat(purchases).hasSizeGreaterThanOrEqualTo(2).allMatch(e -> e.getJsonArray("items").stream()
                    .map(JsonObject.class::cast).filter(i -> CARTON_SKUS.contains(i.getString("sku")))
                    .mapToInt(i -> i.getInteger("quantity")).sum() == 1);
        }
    }

    @Test
    void aWarmWorldsHistoryHasNoAttacks() {
        World warm = World.REAL_MONTH_WARM.withWarmDays(10);
        SimulationSettings s = settings(warm, 200, 20, 25);
        Simulated run = Simulated.run(s);
        assertThat(run.events()).anyMatch(run::fraud);
        assertThat(run.events().stream().filter(run::fraud))
                .allMatch(e -> !OffsetDateTime.parse(e.getString("occurredAt")).isBefore(s.scoredFrom()));
    }

    @Test
    void refusesAWorldWithNoDayLeftToScore() {
        assertThatThrownBy(() -> settings(World.REAL_MONTH_WARM, 10, 30, 1))
                .hasMessageContaining("30 warm-up days leave none of the 30 days to score");
        assertThatThrownBy(() -> World.named("mars")).hasMessageContaining("no world named 'mars'");
    }

    private static List<JsonObject> items(Simulated run) {
        return run.events().stream().filter(e -> e.getString("type").equals("purchase"))
                .flatMap(e -> e.getJsonArray("items").stream()).map(JsonObject.class::cast).toList();
    }

    private static Map<String, List<JsonObject>> byVictim(Simulated run, CampaignKind kind) {
        Map<String, List<JsonObject>> byAccount = new HashMap<>();
        for (JsonObject e : run.eventsOf(kind.label())) {
            byAccount.computeIfAbsent(e.getString("accountId"), a -> new ArrayList<>()).add(e);
        }
        return byAccount;
    }

    private static int hour(JsonObject e) {
        return OffsetDateTime.parse(e.getString("occurredAt")).getHour();
    }

    private static long minutesBetween(JsonObject first, JsonObject last) {
        return Duration.between(OffsetDateTime.parse(first.getString("occurredAt")),
                OffsetDateTime.parse(last.getString("occurredAt"))).toMinutes();
    }
}
