package dev.riskgate.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.riskgate.TestPaths;
import dev.riskgate.event.BadRequest;
import dev.riskgate.event.EventType;
import dev.riskgate.event.LineItem;
import dev.riskgate.event.ScoreRequest;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A pack scores only the currencies it declares, each converted to its base currency by its own table. */
class CurrenciesTest {

    private final RulePackLoader loader = new RulePackLoader(Clock.systemUTC());

    @Test
    void theShippedPackTakesYenOnly() throws Exception {
        try (RulePack pack = loader.load(TestPaths.rules())) {
            assertThat(pack.currencies().base()).isEqualTo("JPY");
            assertThat(pack.currencies().accepted()).containsExactly("JPY");
            assertThat(pack.files()).contains(Currencies.FILE);
        }
    }

    @Test
    void refusesACurrencyThePackDoesNotTakeNamingTheOnesItDoes() throws Exception {
        try (RulePack pack = loader.load(TestPaths.rules())) {
            assertThatThrownBy(() -> pack.currencies().require("USD"))
                    .isInstanceOfSatisfying(BadRequest.class, e -> {
                        assertThat(e.field()).isEqualTo("currency");
                        assertThat(e.reason()).isEqualTo("unsupported_currency");
                        assertThat(e.getMessage()).contains("USD", "JPY");
                    });
        }
    }

    @Test
    void convertsAmountAndUnitPricesToTheBaseCurrency(@TempDir Path dir) throws Exception {
        accept(dir, "JPY, USD, KWD");
        try (RulePack pack = loader.load(dir)) {
            ScoreRequest dollars = purchase("USD", "620", "277.78");
            ScoreRequest dinars = purchase("KWD", "190", "10.204");

            ScoreRequest inYen = pack.currencies().inBase(dollars);
            assertThat(inYen.currency()).isEqualTo("JPY");
            assertThat(inYen.amount()).isEqualByComparingTo("93000");
            assertThat(inYen.items().get(0).unitPrice()).isEqualByComparingTo("41667"); // 41,667 rounded half up
            assertThat(pack.currencies().inBase(dinars).amount()).isEqualByComparingTo("93100");
            assertThat(pack.currencies().inBase(dinars).items().get(0).unitPrice()).isEqualByComparingTo("5000");
            ScoreRequest yen = purchase("JPY", "90400", "5000");
            assertThat(pack.currencies().inBase(yen)).isSameAs(yen);
        }
    }

    @Test
    void aTinyAmountNeverConvertsToNothing(@TempDir Path dir) throws Exception {
        accept(dir, "JPY, USD");
        try (RulePack pack = loader.load(dir)) {
            assertThat(pack.currencies().inBase(purchase("USD", "0.001", "0")).amount()).isEqualByComparingTo("1");
        }
    }

    @Test
    void rejectsADeclaredCurrencyWithoutARateAtItsLine(@TempDir Path dir) throws Exception {
        TestPaths.copyRules(dir);
        Path params = dir.resolve(Parameters.FILE);
        Files.writeString(params, Files.readString(params).replace("currencies = JPY", "currencies = JPY, CHF"));
        int line = lineOf(params, "currencies = JPY, CHF");

        assertThatThrownBy(() -> loader.load(dir)).isInstanceOfSatisfying(RulePackRejected.class, e ->
                assertThat(e.errors()).singleElement().satisfies(err -> {
                    assertThat(err.file()).isEqualTo(Parameters.FILE);
                    assertThat(err.line()).isEqualTo(line);
                    assertThat(err.message()).contains("CHF", Currencies.FILE);
                }));
    }

    @Test
    void rejectsATableThatDisagreesWithIso4217AtItsRow(@TempDir Path dir) throws Exception {
        accept(dir, "JPY, USD");
        Path table = dir.resolve(Currencies.FILE);
        Files.writeString(table, Files.readString(table).replace("USD,2,150", "USD,0,150"));
        int line = lineOf(table, "USD,0,150");

        assertThatThrownBy(() -> loader.load(dir)).isInstanceOfSatisfying(RulePackRejected.class, e ->
                assertThat(e.errors()).singleElement().satisfies(err -> {
                    assertThat(err.file()).isEqualTo(Currencies.FILE);
                    assertThat(err.line()).isEqualTo(line);
                    assertThat(err.message()).contains("minor_unit_digits", "USD");
                }));
    }

    @Test
    void rejectsABaseCurrencyRateOtherThanOne(@TempDir Path dir) throws Exception {
        TestPaths.copyRules(dir);
        Path table = dir.resolve(Currencies.FILE);
        Files.writeString(table, Files.readString(table).replace("JPY,0,1", "JPY,0,2"));

        assertThatThrownBy(() -> loader.load(dir)).isInstanceOfSatisfying(RulePackRejected.class, e ->
                assertThat(e.errors()).singleElement().satisfies(err -> assertThat(err.message()).contains("base currency")));
    }

    @Test
    void rejectsAPackThatDeclaresNoCurrencies(@TempDir Path dir) throws Exception {
        TestPaths.copyRules(dir);
        Path params = dir.resolve(Parameters.FILE);
        Files.writeString(params, Files.readString(params).replace("currencies = JPY", "").replace("currency.base = JPY", ""));

        assertThatThrownBy(() -> loader.load(dir)).isInstanceOfSatisfying(RulePackRejected.class, e ->
                assertThat(e.errors()).extracting(CompileError::message)
                        .anySatisfy(m -> assertThat(m).contains("'currencies' is required"))
                        .anySatisfy(m -> assertThat(m).contains("'currency.base' is required")));
    }

    @Test
    void rejectsAWordThatIsNotACurrency(@TempDir Path dir) throws Exception {
        accept(dir, "JPY, yen");

        assertThatThrownBy(() -> loader.load(dir)).isInstanceOfSatisfying(RulePackRejected.class, e ->
                assertThat(e.errors()).singleElement().satisfies(err -> assertThat(err.message()).contains("'yen'")));
    }

    /** A copy of the shipped pack in {@code dir} that accepts {@code currencies}. */
    static void accept(Path dir, String currencies) throws Exception {
        TestPaths.copyRules(dir);
        Path params = dir.resolve(Parameters.FILE);
        Files.writeString(params, Files.readString(params).replace("currencies = JPY", "currencies = " + currencies));
    }

    private static int lineOf(Path file, String text) throws Exception {
        return Files.readAllLines(file).indexOf(text) + 1;
    }

    private static ScoreRequest purchase(String currency, String amount, String unitPrice) {
        return new ScoreRequest("evt-1", EventType.PURCHASE, "acc", "dev", OffsetDateTime.parse("2026-01-01T10:00:00Z"),
                new BigDecimal(amount), currency, "store", List.of(new LineItem("sku", "tobacco", 18, new BigDecimal(unitPrice))),
                null, null);
    }
}
