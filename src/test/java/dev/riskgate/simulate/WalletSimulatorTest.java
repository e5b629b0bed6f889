package dev.riskgate.simulate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.riskgate.event.ScoreRequestParser;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
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

class WalletSimulatorTest {

    /** A month of a few hundred customers: every campaign kind takes place. */
    private static Simulated month;

    @BeforeAll
    static void simulateAMonth() {
        month = Simulated.run(400, 30, 11);
    }

    @Test
    void sameSeedWritesTheSameBytes() {
        Simulated once = Simulated.run(150, 20, 5);
        Simulated again = Simulated.run(150, 20, 5);
        assertThat(again.eventsText()).isNotEmpty().isEqualTo(once.eventsText());
        assertThat(again.labelsText()).isEqualTo(once.labelsText());
    }

    @Test
    void differentSeedWritesADifferentHistory() {
        Simulated other = Simulated.run(400, 30, 12);
        Set<String> devices = month.events().stream().map(e -> e.getString("deviceId")).collect(Collectors.toSet());
        assertThat(other.events()).isNotEmpty().noneMatch(e -> devices.contains(e.getString("deviceId")));
        assertThat(other.events().size()).isNotEqualTo(month.events().size());
    }

    @Test
    void eventsAreInEventTimeOrderWithinThePeriod() {
        OffsetDateTime start = SimulationSettings.DEFAULT_START;
        OffsetDateTime previous = start;
        for (JsonObject e : month.events()) {
            OffsetDateTime at = OffsetDateTime.parse(e.getString("occurredAt"));
            assertThat(at).as(e.encode()).isAfterOrEqualTo(previous).isBefore(start.plusDays(30));
            assertThat(at.getOffset()).isEqualTo(SimulationSettings.JST);
            previous = at;
        }
    }

    @Test
    void everyLineIsAValidScoreRequest() {
        ScoreRequestParser parser = new ScoreRequestParser(Clock.systemUTC());
        for (String line : Simulated.lines(month.eventsText())) {
            JsonObject json = new JsonObject(line);
            assertThat(json.fieldNames()).containsExactly("kind", "event");
            assertThat(json.getString("kind")).isEqualTo("score");
            assertThatCode(() -> parser.parse(json.getJsonObject("event"))).as(line).doesNotThrowAnyException();
        }
    }

    @Test
    void purchasesAddUpTheirItemsAndAmountsAreWholeYen() {
        for (JsonObject e : month.events()) {
            assertThat(e.getValue("amount")).as(e.encode()).isInstanceOfAny(Integer.class, Long.class);
            assertThat(e.getString("currency")).isEqualTo("JPY");
            if (e.getString("type").equals("purchase")) {
                long sum = e.getJsonArray("items").stream().map(JsonObject.class::cast)
                        .mapToLong(i -> i.getLong("quantity") * i.getLong("unitPrice")).sum();
                assertThat(sum).as(e.encode()).isEqualTo(e.getLong("amount"));
            } else {
                assertThat(e.getString("fundingSource")).isNotBlank();
            }
        }
    }

    @Test
    void labelsCoverEveryEventOnce() {
        assertThat(month.labelsText()).startsWith(EventStreamWriter.LABELS_HEADER + "\n");
        assertThat(month.labels()).hasSameSizeAs(month.events());
        Set<String> ids = new HashSet<>();
        for (JsonObject e : month.events()) {
            assertThat(ids.add(e.getString("eventId"))).as("unique id").isTrue();
            String[] label = month.labels().get(e.getString("eventId"));
            assertThat(label).as(e.getString("eventId")).hasSize(4);
            assertThat(label[1]).isIn("fraud", "legit");
            assertThat(label[2].isEmpty()).isEqualTo(label[1].equals("legit"));
            assertThat(label[3]).isIn("", "pack-smoker", "carton-smoker");
        }
    }

    @Test
    void everyCampaignKindOfTheMixTakesPlace() {
        for (CampaignKind kind : CampaignKind.values()) {
            if (CampaignMix.DEFAULT.victimShares().get(kind) == 0) {
                assertThat(month.eventsOf(kind.label())).as(kind.label()).isEmpty();
                continue;
            }
            assertThat(month.eventsOf(kind.label())).as(kind.label()).isNotEmpty();
            assertThat(month.summary().fraudEvents(kind)).isPositive();
        }
    }

    @Test
    void theBigTicketsWorldSplitsTopUpsSmallAndPaysBigTicketsByAnExactTopUp() {
        Simulated bigTickets = Simulated.run(new SimulationSettings(300, 30, 11, SimulationSettings.DEFAULT_START,
                World.BIG_TICKETS));

        List<JsonObject> split = bigTickets.eventsOf(CampaignKind.SPLIT_TOP_UPS.label()).stream()
                .filter(e -> e.getString("type").equals("charge")).toList();
        assertThat(split).isNotEmpty().allSatisfy(e -> assertThat(e.getLong("amount")).isBetween(2000L, 9000L));
        // an owner's big purchase follows, minutes later on the same phone, a top-up of exactly its price
        Map<String, JsonObject> previous = new HashMap<>();
        long paidExactly = 0;
        for (JsonObject buy : bigTickets.events()) {
            JsonObject before = previous.put(buy.getString("accountId"), buy);
            if (before != null && buy.getString("type").equals("purchase") && buy.getLong("amount") >= 20_000
                    && before.getString("type").equals("charge") && before.getLong("amount").equals(buy.getLong("amount"))
                    && before.getString("deviceId").equals(buy.getString("deviceId"))) {
                paidExactly++;
            }
        }
        // 300 owners at one a month or more over 30 days, fewer who joined late
        assertThat(paidExactly).as("big purchases paid by an exact top-up").isGreaterThan(200);
    }

    @Test
    void aFewPercentOfAccountsAreTakenOver() {
        Set<String> accounts = month.events().stream().map(e -> e.getString("accountId")).collect(Collectors.toSet());
        Set<String> victims = month.events().stream().filter(month::fraud).map(e -> e.getString("accountId")).collect(Collectors.toSet());
        assertThat((double) victims.size() / accounts.size()).isBetween(0.015, 0.08);
        assertThat((double) month.summary().fraudEvents() / month.events().size()).isBetween(0.0005, 0.03);
    }

    @Test
    void noPurchaseExceedsTheBalance() {
        Map<String, Long> balance = new HashMap<>();
        for (JsonObject e : month.events()) {
            long amount = e.getLong("amount");
            long after = balance.merge(e.getString("accountId"), e.getString("type").equals("charge") ? amount : -amount, Long::sum);
            assertThat(after).as("balance after " + e.encode()).isNotNegative();
        }
    }

    @Test
    void takeoverDrainTopsUpFromAnUnseenDeviceAndSpendsMostOfItOnTobaccoWithinTheHourAtAStoreTheVictimNeverUsed() {
        for (List<JsonObject> attack : attacksBy(CampaignKind.TAKEOVER_DRAIN)) {
            JsonObject charge = attack.get(0);
            assertThat(charge.getString("type")).isEqualTo("charge");
            List<JsonObject> purchases = attack.subList(1, attack.size());
            assertThat(purchases).hasSizeBetween(1, 3).allMatch(e -> e.getString("type").equals("purchase"));
            assertThat(minutesBetween(charge, attack.get(attack.size() - 1))).isLessThanOrEqualTo(60);
            assertThat(spent(purchases)).isGreaterThan(charge.getLong("amount") / 2);
            assertThat(purchases).allMatch(WalletSimulatorTest::hasTobacco);
            String account = charge.getString("accountId");
            assertThat(ownEvents(account)).noneMatch(e -> e.getString("deviceId").equals(charge.getString("deviceId")));
            Set<String> ownStores = ownEvents(account).stream().map(e -> e.getString("storeId", "")).collect(Collectors.toSet());
            assertThat(purchases).noneMatch(p -> ownStores.contains(p.getString("storeId")));
        }
    }

    @Test
    void spoofedTakeoverPresentsTheVictimsOwnDevice() {
        for (List<JsonObject> attack : attacksBy(CampaignKind.TAKEOVER_SPOOFED_DEVICE)) {
            String device = attack.get(0).getString("deviceId");
            assertThat(ownEvents(attack.get(0).getString("accountId")))
                    .anyMatch(e -> e.getString("deviceId").equals(device));
        }
    }

    @Test
    void topUpLateSpendWaitsHours() {
        for (List<JsonObject> attack : attacksBy(CampaignKind.TOPUP_LATE_SPEND)) {
            assertThat(attack.get(0).getString("type")).isEqualTo("charge");
            assertThat(minutesBetween(attack.get(0), attack.get(1))).isBetween(120L, 360L);
        }
    }

    @Test
    void balanceDrainSpendsTheStoredBalanceWithoutTopUp() {
        for (List<JsonObject> attack : attacksBy(CampaignKind.BALANCE_DRAIN)) {
            assertThat(attack).allMatch(e -> e.getString("type").equals("purchase"));
            assertThat(spent(attack)).isGreaterThanOrEqualTo(BalanceDrain.WORTH_DRAINING / 2);
        }
    }

    @Test
    void muleHandsetBuysCartonsOnSeveralAccountsAtOneStoreWithinTheHour() {
        Map<String, List<JsonObject>> byHandset = month.eventsOf(CampaignKind.MULE_HANDSET.label()).stream()
                .collect(Collectors.groupingBy(e -> e.getString("deviceId")));
        assertThat(byHandset).isNotEmpty();
        for (List<JsonObject> events : byHandset.values()) {
            List<JsonObject> purchases = events.stream().filter(e -> e.getString("type").equals("purchase")).toList();
            assertThat(purchases.stream().map(e -> e.getString("accountId")).distinct().count()).isBetween(5L, 8L);
            assertThat(purchases.stream().map(e -> e.getString("storeId")).distinct().count()).isEqualTo(1);
            assertThat(minutesBetween(events.get(0), events.get(events.size() - 1))).isLessThanOrEqualTo(65);
            assertThat(purchases).allMatch(WalletSimulatorTest::hasTobacco);
        }
    }

    @Test
    void attacksVaryInMoneyCartonsStoresAndTiming() {
        List<JsonObject> drains = month.eventsOf(CampaignKind.TAKEOVER_DRAIN.label());
        List<JsonObject> fraud = month.events().stream().filter(month::fraud).toList();
        assertThat(drains.stream().filter(e -> e.getString("type").equals("charge")).map(e -> e.getLong("amount")).distinct().count())
                .as("distinct takeover top-ups").isGreaterThan(1);
        assertThat(fraud.stream().filter(e -> e.getString("type").equals("purchase"))
                .flatMap(e -> e.getJsonArray("items").stream()).map(JsonObject.class::cast)
                .map(i -> i.getInteger("quantity")).distinct().count()).as("distinct quantities").isGreaterThan(3);
        assertThat(fraud.stream().map(e -> e.getString("storeId")).filter(s -> s != null).distinct().count())
                .as("distinct stores").isGreaterThan(5);
        assertThat(fraud.stream().map(e -> e.getString("occurredAt").substring(11, 13)).distinct().count())
                .as("distinct hours").isGreaterThan(3);
    }

    /** Each victim's attacker events of one kind, in order. */
    private static List<List<JsonObject>> attacksBy(CampaignKind kind) {
        Map<String, List<JsonObject>> byAccount = new HashMap<>();
        for (JsonObject e : month.eventsOf(kind.label())) {
            byAccount.computeIfAbsent(e.getString("accountId"), a -> new ArrayList<>()).add(e);
        }
        assertThat(byAccount).as(kind.label()).isNotEmpty();
        return new ArrayList<>(byAccount.values());
    }

    private static List<JsonObject> ownEvents(String account) {
        return month.events().stream().filter(e -> e.getString("accountId").equals(account) && !month.fraud(e)).toList();
    }

    private static long minutesBetween(JsonObject first, JsonObject last) {
        return java.time.Duration.between(OffsetDateTime.parse(first.getString("occurredAt")),
                OffsetDateTime.parse(last.getString("occurredAt"))).toMinutes();
    }

    private static long spent(List<JsonObject> purchases) {
        return purchases.stream().mapToLong(e -> e.getLong("amount")).sum();
    }

    private static boolean hasTobacco(JsonObject purchase) {
        return purchase.getJsonArray("items").stream().map(JsonObject.class::cast).anyMatch(i ->
                Set.of("tobacco", "heated-tobacco", "e-cigarette").contains(i.getString("category", ""))
                        || Goods.LISTED_BRANDS.stream().anyMatch(b -> b.cartonSku().equals(i.getString("sku"))));
    }
}
