package dev.riskgate.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ScorecardTest {

    @Test
    void aRuleCountsOnceWithItsLargestAward() {
        Scorecard card = new Scorecard(Map.of(), Map.of());
        card.firing("velocity: burst", "velocity");
        card.add(10, "small");
        card.add(30, "large");
        card.add(20, "medium");

        assertThat(card.total()).isEqualTo(30);
        assertThat(card.reasons()).singleElement().satisfies(r -> assertThat(r.message()).isEqualTo("large"));
    }

    @Test
    void aCappedFamilyAddsNoMoreThanItsCapWhileItsReasonsKeepTheirPoints_theFamilyIsDeclaredNotParsedFromTheName() {
        Scorecard card = new Scorecard(Map.of("high_amount", 45.0), Map.of());
        card.firing("high amount: relative", "high_amount");
        card.add(25, "a");
        card.firing("top-up: far above", "high_amount");
        card.add(40, "b");
        card.firing("new device: unseen", "new_device");
        card.add(25, "c");

        assertThat(card.total()).isEqualTo(45 + 25);
        assertThat(card.reasons()).extracting(dev.riskgate.decision.Reason::points).containsExactly(40, 25, 25);
    }

    @Test
    void totalIsClampedToZeroAndHundred() {
        Scorecard low = new Scorecard(Map.of(), Map.of());
        low.firing("mitigation: regular", "mitigation");
        low.add(-30, "trusted regular");
        assertThat(low.total()).isZero();

        Scorecard high = new Scorecard(Map.of(), Map.of());
        for (String rule : new String[] {"a: 1", "b: 2", "c: 3"}) {
            high.firing(rule, rule);
            high.add(60, rule);
        }
        assertThat(high.total()).isEqualTo(100);
    }

    @Test
    void negativePointsWithoutAFloorCannotCancelTheOthers() {
        Scorecard card = new Scorecard(Map.of(), Map.of());
        card.firing("tobacco bulk: many cartons", "tobacco_bulk");
        card.add(100, "18 cartons");
        card.firing("sneaky: cancels everything", "sneaky");
        card.add(-1000, "nothing to see");

        assertThat(card.total()).isEqualTo(100);
        assertThat(card.reasons()).extracting(dev.riskgate.decision.Reason::rule).containsExactly("tobacco bulk: many cartons");
    }

    @Test
    void aFamilyWithAFloorTakesOffNoMoreThanItsFloor() {
        Scorecard card = new Scorecard(Map.of(), Map.of("mitigation", -20.0));
        card.firing("new device: unseen", "new_device");
        card.add(60, "unseen");
        card.firing("mitigation: passed step-up yesterday", "mitigation");
        card.add(-1000, "passed");

        assertThat(card.total()).isEqualTo(40);
        assertThat(card.reasons()).extracting(dev.riskgate.decision.Reason::points).containsExactly(60, -20);
    }
}
