package dev.riskgate.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class StepUpAnswersTest {

    @Test
    void legitimateCustomersAlwaysPassAndAboutTheShareOfAttackersDo() {
        StepUpAnswers answers = new StepUpAnswers(0.3, 9001);
        int passed = 0;
        for (int i = 0; i < 20_000; i++) {
            assertThat(answers.passes("acct-" + i, false)).isTrue();
            passed += answers.passes("acct-" + i, true) ? 1 : 0;
        }
        assertThat(passed / 20_000.0).isBetween(0.28, 0.32);
    }

    @Test
    void theSameSeedAndVictimAccountAlwaysAnswerAlikeAndAnotherSeedMeetsOtherAttackers() {
        StepUpAnswers one = new StepUpAnswers(0.5, 1);
        StepUpAnswers same = new StepUpAnswers(0.5, 1);
        StepUpAnswers other = new StepUpAnswers(0.5, 2);
        int differ = 0;
        for (int i = 0; i < 1000; i++) {
            assertThat(same.passes("e" + i, true)).isEqualTo(one.passes("e" + i, true));
            differ += other.passes("e" + i, true) != one.passes("e" + i, true) ? 1 : 0;
        }
        assertThat(differ).isBetween(350, 650);
    }

    @Test
    void nobodyPhishedMeansEveryAttackerFails() {
        for (int i = 0; i < 1000; i++) {
            assertThat(StepUpAnswers.NOBODY_PHISHED.passes("e" + i, true)).isFalse();
        }
        assertThat(new StepUpAnswers(1, 3).passes("any", true)).isTrue();
    }

    @Test
    void refusesAShareOutsideZeroToOne() {
        assertThatThrownBy(() -> new StepUpAnswers(1.5, 0)).hasMessageContaining("phishedShare must be in the range [0, 1], was 1.5");
    }
}
