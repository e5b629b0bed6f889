package dev.riskgate.event;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Stores keep the hash beside each answer: if its bytes changed, every retry of a request stored before an
 * upgrade would be refused as a reused eventId (409). The expected hashes were computed by the code before
 * the field list existed (scoring.RequestHash at commit ce72630) and must never change.
 */
class RequestHashTest {

    private static final ScoreRequestParser PARSER = new ScoreRequestParser(Clock.systemUTC());

    @Test
    void keepsTheHashOfABareCharge() {
        assertThat(RequestHash.of(new ScoreRequest("evt-1", EventType.CHARGE, "acct-1", "dev-1",
                OffsetDateTime.parse("2024-05-01T10:15:00Z"), new BigDecimal("5000"), "JPY", null, List.of(), null, null)))
                .isEqualTo("4ef3b9befc4e34c4c45974f9f1b4dc38");
    }

    @Test
    void keepsTheHashOfAChargeWithFundingSourceAndIp() {
        assertThat(RequestHash.of(new ScoreRequest("evt-2", EventType.CHARGE, "acct-1", "dev-1",
                OffsetDateTime.parse("2024-05-01T19:15:00+09:00"), new BigDecimal("30000"), "JPY", null, List.of(),
                "card", "192.0.2.7")))
                .isEqualTo("e167a4e0b2fd16833baabfa8081a139d");
    }

    @Test
    void keepsTheHashOfPurchasesWithItems() {
        assertThat(RequestHash.of(new ScoreRequest("evt-3", EventType.PURCHASE, "acct-\uD83D\uDE00-東京", "dev-2",
                OffsetDateTime.parse("2024-05-02T03:04:05.678+09:00"), new BigDecimal("12.5"), "USD", "store-9",
                List.of(new LineItem("sku-1", null, 2, new BigDecimal("5")),
                        new LineItem("gift-1", "gift_card", 1, new BigDecimal("2.5"))),
                null, "2001:db8::1")))
                .isEqualTo("3b17e0e2686850e615febc9d90a20b2e");
        assertThat(RequestHash.of(new ScoreRequest("evt-4", EventType.PURCHASE, "acct-2", "dev-3",
                OffsetDateTime.parse("2024-05-03T23:59:59-05:00"), new BigDecimal("90400"), "JPY", "store-1",
                List.of(new LineItem("4580000100001", "cigarettes", 10, new BigDecimal("9040"))), "balance", null)))
                .isEqualTo("78f8285bb39b0585873a6e9c92c2b1f9");
    }

    @Test
    void keepsTheHashOfParsedBodies() {
        JsonObject purchase = new JsonObject("{\"eventId\":\"evt-5\",\"type\":\"purchase\",\"accountId\":\"acct-5\","
                + "\"deviceId\":\"dev-5\",\"occurredAt\":\"2024-05-04T08:00:00.000+02:00\",\"amount\":1000.50,"
                + "\"currency\":\"USD\",\"storeId\":\"s-5\",\"items\":[{\"sku\":\"a\",\"quantity\":1,\"unitPrice\":1000.500},"
                + "{\"sku\":\"b\",\"category\":\"Gift Card\",\"quantity\":3,\"unitPrice\":0}],"
                + "\"fundingSource\":\"bank\",\"ip\":\"10.0.0.1\"}");
        JsonObject charge = new JsonObject("{\"eventId\":\"evt-6\",\"type\":\"charge\",\"accountId\":\"acct-6\","
                + "\"deviceId\":\"dev-6\",\"occurredAt\":\"2024-05-04T08:00:00Z\",\"amount\":1E+3,\"currency\":\"JPY\"}");

        assertThat(RequestHash.of(PARSER.parse(purchase))).isEqualTo("a32d7d11181487fd8f65b5edc63a4abf");
        assertThat(RequestHash.of(PARSER.parse(charge))).isEqualTo("0f316c7a7d5ff4ee287232a9a04e0ebf");
    }

    @Test
    void sameMomentInAnotherOffsetIsTheSameBody() {
        JsonObject utc = charge().put("occurredAt", "2024-05-04T08:00:00Z");
        JsonObject tokyo = charge().put("occurredAt", "2024-05-04T17:00:00+09:00");

        assertThat(RequestHash.of(PARSER.parse(tokyo))).isEqualTo(RequestHash.of(PARSER.parse(utc)));
    }

    private static JsonObject charge() {
        return new JsonObject().put("eventId", "e").put("type", "charge").put("accountId", "a").put("deviceId", "d")
                .put("amount", 100).put("currency", "JPY");
    }
}
