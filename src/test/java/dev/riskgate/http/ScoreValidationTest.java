package dev.riskgate.http;

import static dev.riskgate.http.ScoreBodies.firedRules;
import static dev.riskgate.http.ScoreBodies.item;
import static dev.riskgate.http.ScoreBodies.purchase;
import static dev.riskgate.http.ScoreBodies.unique;
import static dev.riskgate.http.ShippedRules.FIRST_DEVICE;
import static dev.riskgate.http.ShippedRules.UNTRUSTED_DEVICE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.riskgate.event.JsonFields;
import dev.riskgate.http.RiskgateClient.Answer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** POST /v1/score refuses what it cannot score, says which field is wrong, and remembers nothing of it. */
class ScoreValidationTest {

    private static final String TOO_LONG_ID = "x".repeat(JsonFields.MAX_ID_LENGTH + 1);

    @RegisterExtension
    static final RunningRiskgate riskgate = new RunningRiskgate();

    private final RiskgateClient client = riskgate.client();

    static Stream<Arguments> invalidFields() {
        return Stream.of(
                refused("eventId missing", b -> b.remove("eventId"), "eventId"),
                refused("type missing", b -> b.remove("type"), "type"),
                refused("accountId missing", b -> b.remove("accountId"), "accountId"),
                refused("deviceId missing", b -> b.remove("deviceId"), "deviceId"),
                refused("occurredAt missing", b -> b.remove("occurredAt"), "occurredAt"),
                refused("amount missing", b -> b.remove("amount"), "amount"),
                refused("currency missing", b -> b.remove("currency"), "currency"),
                refused("storeId missing on a purchase", b -> b.remove("storeId"), "storeId"),
                refused("items missing on a purchase", b -> b.remove("items"), "items"),
                refused("items empty on a purchase", b -> b.put("items", new JsonArray()), "items"),
                refused("item that is not an object", b -> b.put("items", new JsonArray().add("tobacco")), "items[0]"),
                refused("amount as a string", b -> b.put("amount", "1000"), "amount"),
                refused("quantity as a string", b -> firstItem(b).put("quantity", "1"), "items[0].quantity"),
                refused("zero amount", b -> b.put("amount", 0), "amount"),
                refused("negative amount", b -> b.put("amount", -500), "amount"),
                refused("absurd amount", b -> b.put("amount", 100_000_001L), "amount"),
                refused("decimals JPY does not have", b -> b.put("amount", 100.5), "amount"),
                refused("more decimals than USD has", b -> b.put("currency", "USD").put("amount", 10.001), "amount"),
                refused("timestamp without offset", b -> b.put("occurredAt", "2024-03-01T10:15:00"), "occurredAt"),
                refused("garbage timestamp", b -> b.put("occurredAt", "yesterday"), "occurredAt"),
                refused("timestamp 10 minutes ahead", b -> b.put("occurredAt", Instant.now().plus(10, ChronoUnit.MINUTES).toString()), "occurredAt"),
                refused("timestamp before 2000", b -> b.put("occurredAt", "1999-12-31T23:59:59Z"), "occurredAt"),
                refused("timestamp years in the past", b -> b.put("occurredAt", "2019-07-03T10:15:00+09:00"), "occurredAt"),
                refused("timestamp 61 minutes in the past", b -> b.put("occurredAt", Instant.now().minus(61, ChronoUnit.MINUTES).toString()), "occurredAt"),
                refused("cents in USD, which the shipped pack does not take", b -> b.put("currency", "USD").put("amount", 10.25), "currency"),
                refused("unknown currency", b -> b.put("currency", "XXQ"), "currency"),
                refused("lower-case currency", b -> b.put("currency", "jpy"), "currency"),
                refused("negative quantity", b -> firstItem(b).put("quantity", -1), "items[0].quantity"),
                refused("zero quantity", b -> firstItem(b).put("quantity", 0), "items[0].quantity"),
                refused("fractional quantity", b -> firstItem(b).put("quantity", 1.5), "items[0].quantity"),
                refused("oversize eventId", b -> b.put("eventId", TOO_LONG_ID), "eventId"),
                refused("oversize accountId", b -> b.put("accountId", TOO_LONG_ID), "accountId"),
                refused("oversize deviceId", b -> b.put("deviceId", TOO_LONG_ID), "deviceId"),
                refused("oversize storeId", b -> b.put("storeId", TOO_LONG_ID), "storeId"),
                refused("oversize sku", b -> firstItem(b).put("sku", TOO_LONG_ID), "items[0].sku"),
                refused("blank accountId", b -> b.put("accountId", "  "), "accountId"),
                refused("unknown type", b -> b.put("type", "refund"), "type"),
                refused("ip that is not an address", b -> b.put("ip", "example.com"), "ip"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidFields")
    void refusesInvalidFieldNamingIt(String what, Consumer<JsonObject> breakIt, String field) {
        JsonObject body = validPurchase();
        String eventId = body.getString("eventId");
        breakIt.accept(body);

        Answer answer = client.score(body);

        assertRefused(answer, 400);
        assertThat(answer.json().getString("field")).isEqualTo(field);
        assertThat(client.decision(eventId).status()).as("decision stored for a refused request").isEqualTo(404);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"{\"eventId\": \"evt-1\", ", "[{\"eventId\": \"evt-1\"}]", "\"charge\"", "", "   "})
    void refusesBodyThatIsNotAJsonObject(String body) {
        Answer answer = client.post("/v1/score", body, "application/json");

        assertRefused(answer, 400);
        assertThat(answer.json().getValue("field")).isNull();
        assertThat(client.decision("evt-1").status()).isEqualTo(404);
    }

    @Test
    void refusedRequestLeavesNoTrace() {
        JsonObject body = validPurchase();
        assertThat(client.score(body.copy().put("amount", 100.5)).status()).isEqualTo(400);

        Answer answer = client.score(body);

        assertThat(answer.status()).isEqualTo(200);
        assertThat(firedRules(answer.json()))
                .as("the account and device are still unknown after the refused request")
                .contains(FIRST_DEVICE)
                .doesNotContain(UNTRUSTED_DEVICE);
    }

    static Stream<Arguments> valuesAtTheEdge() {
        return Stream.of(
                accepted("timestamp 59 minutes in the past", b -> b.put("occurredAt", Instant.now().minus(59, ChronoUnit.MINUTES).toString())),
                accepted("timestamp 4 minutes ahead", b -> b.put("occurredAt", Instant.now().plus(4, ChronoUnit.MINUTES).toString())),
                accepted("amount at the limit", b -> b.put("amount", 100_000_000L)),
                accepted("JPY amount written with a zero fraction", b -> b.put("amount", 1000.0)),
                accepted("ids of exactly 128 characters", b -> b.put("eventId", unique("evt") + "x".repeat(128 - 40))
                        .put("accountId", "a".repeat(128)).put("deviceId", "d".repeat(128)).put("storeId", "s".repeat(128))),
                accepted("charge without store or items", b -> b.put("type", "charge").putNull("storeId").remove("items")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valuesAtTheEdge")
    void acceptsValuesAtTheEdgeOfTheRange(String what, Consumer<JsonObject> edge) {
        JsonObject body = validPurchase();
        edge.accept(body);

        Answer answer = client.score(body);

        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(answer.json().getString("eventId")).isEqualTo(body.getString("eventId"));
    }

    @Test
    void rejectsBodyOverLimit() {
        JsonObject body = validPurchase().put("padding", "x".repeat(HttpApi.MAX_BODY_BYTES));

        Answer answer = client.post("/v1/score", body.encode(), "application/json");

        assertRefused(answer, 413);
        assertThat(client.decision(body.getString("eventId")).status()).isEqualTo(404);
    }

    @Test
    void rejectsPlainTextBody() {
        JsonObject body = validPurchase();

        Answer answer = client.post("/v1/score", body.encode(), "text/plain");

        assertRefused(answer, 415);
        assertThat(client.decision(body.getString("eventId")).status()).isEqualTo(404);
    }

    @Test
    void rejectsBodyWithoutContentType() {
        JsonObject body = validPurchase();

        Answer answer = client.post("/v1/score", body.encode(), null);

        assertRefused(answer, 415);
        assertThat(client.decision(body.getString("eventId")).status()).isEqualTo(404);
    }

    @Test
    void acceptsJsonContentTypeWithCharset() {
        Answer answer = client.post("/v1/score", validPurchase().encode(), "application/json; charset=utf-8");

        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
    }

    private static JsonObject validPurchase() {
        return purchase(unique("acct"), unique("dev"), item("food", 2, 400));
    }

    private static JsonObject firstItem(JsonObject body) {
        return body.getJsonArray("items").getJsonObject(0);
    }

    private static void assertRefused(Answer answer, int status) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(status);
        assertThat(answer.contentType()).startsWith("application/json");
        assertThat(answer.json().getString("error")).isNotBlank();
    }

    private static Arguments refused(String what, Consumer<JsonObject> breakIt, String field) {
        return arguments(what, breakIt, field);
    }

    private static Arguments accepted(String what, Consumer<JsonObject> edge) {
        return arguments(what, edge);
    }
}
