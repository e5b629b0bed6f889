package dev.riskgate.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class AdaptiveLimitTest {

    private static final long FAST = AdaptiveLimit.TARGET.toNanos() / 10;
    private static final long SLOW = AdaptiveLimit.TARGET.toNanos() * 3;
    private static final long APART = AdaptiveLimit.TARGET.toNanos() + 1;

    @Test
    void growsWhileAnswersAreFastUpToTheMax() {
        AdaptiveLimit limit = new AdaptiveLimit(4, 16, 64);
        for (int i = 0; i < 10_000; i++) {
            limit.answered(FAST, i);
        }
        assertThat(limit.current()).isEqualTo(64);
    }

    @Test
    void shrinksOnSlowAnswersDownToTheMin() {
        AdaptiveLimit limit = new AdaptiveLimit(4, 16, 64);
        limit.answered(SLOW, APART);
        assertThat(limit.current()).isEqualTo(14);
        for (int i = 2; i < 100; i++) {
            limit.answered(SLOW, i * APART);
        }
        assertThat(limit.current()).isEqualTo(4);
    }

    @Test
    void aBurstOfSlowAnswersCutsOnce() {
        AdaptiveLimit limit = new AdaptiveLimit(4, 16, 64);
        for (int i = 0; i < 50; i++) {
            limit.answered(SLOW, APART + i);
        }
        assertThat(limit.current()).isEqualTo(14);
    }

    @Test
    void refusesBoundsOutOfOrder() {
        assertThatThrownBy(() -> new AdaptiveLimit(0, 1, 2)).hasMessageContaining("1 <= min <= initial <= max");
        assertThatThrownBy(() -> new AdaptiveLimit(4, 2, 8)).hasMessageContaining("were 4, 2, 8");
    }
}
