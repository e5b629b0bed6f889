package dev.riskgate.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.riskgate.TestPaths;
import dev.riskgate.event.LineItem;
import dev.riskgate.state.Resale;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The shipped categories.csv and resale-goods.csv, as the tills of several vendors would meet them. */
class ResaleCatalogTest {

    private static ResaleCatalog catalog;

    @BeforeAll
    static void load() {
        List<CompileError> errors = new ArrayList<>();
        Parameters params = Parameters.load(TestPaths.rules(), errors);
        catalog = ResaleCatalog.load(TestPaths.rules(), params, errors);
        assertThat(errors).isEmpty();
    }

    private static LineItem item(String sku, String category, int quantity, int unitPrice) {
        return new LineItem(sku, category, quantity, BigDecimal.valueOf(unitPrice));
    }

    @Test
    void unlistedPacksCountByValueNotAsCartons() {
        List<Resale> resale = catalog.classify(List.of(item("4909411200039-pack", "tobacco", 10, 600))).resale();

        assertThat(resale).singleElement().satisfies(r -> {
            assertThat(r.group()).isEqualTo("tobacco");
            assertThat(r.units()).isEqualTo(1.2);
            assertThat(r.amount()).isEqualTo(6000);
        });
    }

    @Test
    void aListedSkuCountsAsTheListSaysWhateverTheCategory() {
        List<Resale> resale = catalog.classify(List.of(item("4902102112956", null, 10, 580))).resale();

        assertThat(resale).singleElement().satisfies(r -> assertThat(r.units()).isEqualTo(1.0, org.assertj.core.data.Offset.offset(1e-9)));
    }

    @Test
    void spellingsOfOneGroupAreOneGroup() {
        for (String spelling : List.of("giftcard", "gift-card", "Gift Card", "GIFT_CARD", "prepaid", "e-money card", "ギフトカード")) {
            assertThat(catalog.classify(List.of(item("x", spelling, 2, 10_000))).resale())
                    .as(spelling).singleElement()
                    .satisfies(r -> {
                        assertThat(r.group()).isEqualTo("gift_card");
                        assertThat(r.amount()).isEqualTo(20_000);
                    });
        }
        for (String spelling : List.of("cigarettes", "Vape", "e-cigarette", "Heated Tobacco", "ｔｏｂａｃｃｏ")) {
            assertThat(catalog.classify(List.of(item("x", spelling, 1, 5000))).resale())
                    .as(spelling).singleElement().satisfies(r -> assertThat(r.group()).isEqualTo("tobacco"));
        }
    }

    @Test
    void everydayGoodsAreRecognisedAndNotResale() {
        ResaleCatalog.Classified basket = catalog.classify(List.of(item("a", "Beverage", 1, 150), item("b", "food", 2, 300)));

        assertThat(basket.resale()).isEmpty();
        assertThat(basket.unrecognisedCategories()).isEmpty();
    }

    @Test
    void categoriesNobodyRecognisesAreReportedAsSentAndNotGuessed() {
        ResaleCatalog.Classified basket = catalog.classify(List.of(
                item("a", "Kiosk Misc 7", 1, 5000), item("b", null, 1, 5000), item("c", "tobacco", 1, 500)));

        assertThat(basket.unrecognisedCategories()).containsExactly("Kiosk Misc 7");
        assertThat(basket.resale()).singleElement().satisfies(r -> assertThat(r.units()).isEqualTo(0.1));
    }

    @Test
    void normalisingFoldsCaseAndDropsSpacesHyphensAndUnderscores() {
        assertThat(ResaleCatalog.normalise(" E-Money_Card ")).isEqualTo("emoneycard");
    }
}
