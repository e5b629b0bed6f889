package dev.riskgate.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LogThrottleTest {

    private final AtomicLong now = new AtomicLong(1_000);
    private final LogThrottle throttle = new LogThrottle(Duration.ofNanos(100), now::get);

    @Test
    void letsOneLineThroughPerIntervalAndCountsTheRest() {
        assertThat(throttle.admit()).as("the first failure is logged").isZero();
        now.addAndGet(10);
        assertThat(throttle.admit()).isEqualTo(-1);
        assertThat(throttle.admit()).isEqualTo(-1);
        now.addAndGet(100);

        assertThat(throttle.admit()).as("left out since the last line").isEqualTo(2);
        assertThat(throttle.admit()).isEqualTo(-1);
    }

    @Test
    void saysHowManyWereLeftOut() {
        assertThat(LogThrottle.leftOut(0)).isEmpty();
        assertThat(LogThrottle.leftOut(798)).isEqualTo(" (798 more like it since the last line)");
    }
}
