package dev.riskgate.http;

import static dev.riskgate.http.ScoreBodies.firedRules;
import static dev.riskgate.http.ScoreBodies.unique;
import static org.assertj.core.api.Assertions.assertThat;

import dev.riskgate.http.RiskgateClient.Answer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The API takes the currencies the live pack declares, and scores each by its worth in the pack's base
 * currency: the same drain paid in yen, dollars or dinars is the same drain.
 */
class CurrenciesOnTheWireTest {

    @RegisterExtension
    static final RunningRiskgate riskgate = new RunningRiskgate();

    @RegisterExtension
    static final RunningRiskgate multi = RunningRiskgate.withEditableRules();

    @Test
    void aCurrencyThePackDoesNotDeclareIsRefusedAndChangesNothing() {
        JsonObject dollars = cartons("USD", "34.20", "4.40", "620.00");

        Answer refused = riskgate.client().score(dollars);

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().getString("code")).isEqualTo("unsupported_currency");
        assertThat(refused.json().getString("field")).isEqualTo("currency");
        assertThat(refused.json().getString("error")).contains("USD", "JPY");
        assertThat(riskgate.client().decision(dollars.getString("eventId")).status()).isEqualTo(404);
    }

    /** The probe: 18 cartons scored BLOCK 100 in yen, and ALLOW 0 in dollars and in dinars. */
    @Test
    void theSameDrainInEveryDeclaredCurrencyGetsTheSameAnswer() throws Exception {
        declare("JPY, USD, KWD");

        Answer yen = multi.client().score(takeover(cartons("JPY", "5000", "400", "90400")));
        Answer dollars = multi.client().score(takeover(cartons("USD", "34.20", "4.40", "620.00")));
        Answer dinars = multi.client().score(takeover(cartons("KWD", "10.500", "1.000", "190.000")));

        assertThat(yen.json().getString("decision")).isEqualTo("BLOCK");
        for (Answer other : List.of(dollars, dinars)) {
            assertThat(other.status()).isEqualTo(200);
            assertThat(other.json().getString("decision")).isEqualTo("BLOCK");
            assertThat(other.json().getInteger("score")).isEqualTo(yen.json().getInteger("score"));
            assertThat(firedRules(other.json())).containsExactlyInAnyOrderElementsOf(firedRules(yen.json()));
        }
    }

    /** The accepted set is the live pack's: a reload that drops a currency refuses it from then on. */
    @Test
    void aReloadedPackChangesWhatIsAccepted() throws Exception {
        declare("JPY, USD");
        assertThat(multi.client().score(cartons("USD", "34.20", "4.40", "620.00")).status()).isEqualTo(200);

        declare("JPY");

        Answer refused = multi.client().score(cartons("USD", "34.20", "4.40", "620.00"));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().getString("code")).isEqualTo("unsupported_currency");
    }

    private static void declare(String currencies) throws Exception {
        Path params = multi.rulesDir().resolve("parameters.properties");
        Files.writeString(params, Files.readString(params).replaceAll("(?m)^currencies = .*$", "currencies = " + currencies));
        Answer reload = multi.client().post("/admin/rules/reload", "", "application/json");
        assertThat(reload.status()).as(reload.body()).isEqualTo(200);
    }

    /**
     * Gives the drain's account two days of its owner's phone first, so that the drain comes from a device
     * new to it (a brand-new account's first device is nobody else's: value alone does not act on it).
     */
    private static JsonObject takeover(JsonObject drain) {
        JsonObject owners = ScoreBodies.ownersEarlierPurchase(drain.getString("accountId"));
        assertThat(multi.client().score(owners).status()).isEqualTo(200);
        return drain;
    }

    /** 18 cartons and a lighter, bought at once by a new account's first device. */
    private static JsonObject cartons(String currency, String carton, String lighter, String total) {
        String account = unique("acct");
        return new JsonObject()
                .put("eventId", unique("evt"))
                .put("type", "purchase")
                .put("accountId", account)
                .put("deviceId", unique("dev"))
                .put("occurredAt", Instant.now().toString())
                .put("amount", new java.math.BigDecimal(total))
                .put("currency", currency)
                .put("storeId", unique("store"))
                .put("items", new JsonArray()
                        .add(new JsonObject().put("sku", "4902102112963").put("category", "tobacco").put("quantity", 18)
                                .put("unitPrice", new java.math.BigDecimal(carton)))
                        .add(new JsonObject().put("sku", "lighter-01").put("quantity", 1)
                                .put("unitPrice", new java.math.BigDecimal(lighter))));
    }
}
