package dev.riskgate.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.riskgate.http.ScoreBodies;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Bodies a lenient parser would quietly resolve are refused, naming the field. */
class StrictJsonTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"amount\":100,\"amount\":90000}                                  | amount",
            "{\"items\":[{\"sku\":\"a\"},{\"sku\":\"b\",\"sku\":\"c\"}]}        | items[1].sku",
            "{\"x\":{\"y\":[1,[2,{\"z\":1,\"z\":1}]]}}                           | x.y[1][1].z",
            "{\"a\":{\"k\":1},\"b\":{\"k\":1},\"a\":2}                          | a",
            "{\"ip\":null,\"ip\":\"203.0.113.7\"}                                   | ip",
            "[{\"k\":[]},{\"j\":{},\"j\":1}]                                       | [1].j"})
    void rejectsDuplicateKeys(String body, String field) {
        BadRequest refused = refuse(body);

        assertThat(refused.reason()).isEqualTo("duplicate_key");
        assertThat(refused.field()).isEqualTo(field);
        assertThat(refused.getMessage()).startsWith(field + " appears more than once");
    }

    @Test
    void acceptsTheSameKeyInDifferentObjects() {
        JsonObject parsed = StrictJson.object(Buffer.buffer("{\"items\":[{\"sku\":\"a\"},{\"sku\":\"b\"}],\"sku\":\"c\"}"));

        assertThat(parsed.getJsonArray("items")).hasSize(2);
    }

    @Test
    void buildsTheValuesVertxWouldHaveBuilt() {
        String body = "{\"a\":1,\"b\":10000000000,\"c\":1.5,\"d\":123456789012345678901234567890,\"e\":[true,false,null,"
                + "{\"f\":\"\\u00e9\\n\"}],\"g\":{},\"h\":-0.0,\"i\":1e3}";

        JsonObject strict = StrictJson.object(Buffer.buffer(body));
        JsonObject vertx = new JsonObject(body);

        assertThat(strict).isEqualTo(vertx);
        for (String key : vertx.fieldNames()) {
            assertThat(strict.getValue(key)).as(key).isEqualTo(vertx.getValue(key));
            assertThat(String.valueOf(strict.getValue(key))).as(key).isEqualTo(String.valueOf(vertx.getValue(key)));
        }
        assertThat(strict.encode()).isEqualTo(vertx.encode());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "[]", "{\"a\":", "{\"a\":1}x", "{\"a\":NaN}", "{'a':1}"})
    void rejectsWhatIsNotAJsonObject(String body) {
        assertThat(refuse(body).reason()).isEqualTo("malformed_json");
    }

    @Test
    void rejectsInvalidUtf8() {
        byte[] body = {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, 'x', '"', '}'};

        assertThat(catchThrowableOfType(BadRequest.class, () -> StrictJson.object(Buffer.buffer(body))).reason())
                .isEqualTo("malformed_json");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "eventId  | evt\\ud800           | unpaired surrogates",
            "eventId  | \\udc00evt           | unpaired surrogates",
            "accountId| acct\\u202Eevil      | U+202E",
            "deviceId | dev\\u2066x\\u2069   | U+2066",
            "deviceId | dev\\u200F           | U+200F",
            "deviceId | dev\\u200E           | U+200E",
            "storeId  | store\\u202A         | U+202A",
            "eventId  | evt\\u0007           | control characters",
            "eventId  | evt\\u0085           | control characters",
            "eventId  | evt\\u2028           | U+2028",
            "eventId  | \\uFEFFevt           | U+FEFF"})
    void rejectsIdsThatAreNotPlainUnicode(String field, String escaped, String named) {
        String body = ScoreBodies.charge("acct-1", "dev-1", 1000).put("storeId", "store-1")
                .put(field, "@@").encode().replace("\"@@\"", "\"" + escaped + "\"");

        BadRequest refused = catchThrowableOfType(BadRequest.class,
                () -> new ScoreRequestParser(Clock.systemUTC()).parse(StrictJson.object(Buffer.buffer(body))));

        assertThat(refused.field()).isEqualTo(field);
        assertThat(refused.reason()).isEqualTo("bad_characters");
        assertThat(refused.getMessage()).contains(named);
    }

    @Test
    void acceptsPairedSurrogatesAndOtherScripts() {
        String body = ScoreBodies.charge("acct-\uD83D\uDE00-東京", "dev-1", 1000).encode();

        assertThat(new ScoreRequestParser(Clock.systemUTC()).parse(StrictJson.object(Buffer.buffer(body))).accountId())
                .isEqualTo("acct-\uD83D\uDE00-東京");
    }

    private static BadRequest refuse(String body) {
        return catchThrowableOfType(BadRequest.class, () -> StrictJson.object(Buffer.buffer(body)));
    }
}
