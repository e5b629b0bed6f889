package dev.riskgate.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.riskgate.MutableClock;
import dev.riskgate.decision.Reason;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Claims, leases and labels on a real SQLite index; time is a clock the test moves. */
class ReviewQueueTest {

    private static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");
    private static final Duration LEASE = Duration.ofMinutes(10);

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(T0);

    @Test
    void aLeaseKeepsTheCaseUntilItRunsOut() {
        try (DecisionIndex index = DecisionIndex.open(dir)) {
            index.apply(List.of(decided("e1", "STEP_UP", T0)));
            ReviewQueue queue = new ReviewQueue(index, clock, LEASE);

            Optional<ReviewQueue.Lease> a = queue.claim("session-a", "key-a");
            Optional<ReviewQueue.Lease> b = queue.claim("session-b", "key-b");
            clock.advance(LEASE.plusSeconds(1));
            Optional<ReviewQueue.Lease> bLater = queue.claim("session-b", "key-b");

            assertThat(a).map(ReviewQueue.Lease::eventId).contains("e1");
            assertThat(b).as("held by a").isEmpty();
            assertThat(bLater).as("a's lease ran out").map(ReviewQueue.Lease::eventId).contains("e1");
            assertThat(queue.mayLabel("e1", "session-a")).isFalse();
            assertThat(queue.mayLabel("e1", "session-b")).isTrue();
        }
    }

    @Test
    void claimingAgainRenewsTheCaseYouHoldAndALabelMovesOn() {
        try (DecisionIndex index = DecisionIndex.open(dir)) {
            index.apply(List.of(decided("old", "BLOCK", T0), decided("new", "STEP_UP", T0.plusSeconds(60)),
                    decided("allowed", "ALLOW", T0.plusSeconds(120))));
            ReviewQueue queue = new ReviewQueue(index, clock, LEASE);

            String first = queue.claim("s", "k").orElseThrow().eventId();
            clock.advance(Duration.ofMinutes(5));
            ReviewQueue.Lease again = queue.claim("s", "k").orElseThrow();
            queue.labelled(first, "FRAUD", "MULE", "k");
            String next = queue.claim("s", "k").orElseThrow().eventId();
            queue.labelled(next, "LEGIT", "FALSE_POSITIVE", "k");

            assertThat(first).as("the latest first").isEqualTo("new");
            assertThat(again.eventId()).isEqualTo("new");
            assertThat(again.until()).isEqualTo(clock.instant().plus(LEASE));
            assertThat(next).isEqualTo("old");
            assertThat(queue.claim("s", "k")).as("ALLOW never waits for a verdict").isEmpty();
            assertThat(queue.waiting(100)).isZero();
        }
    }

    private static DecisionIndex.Decided decided(String eventId, String verdict, Instant at) {
        List<Reason> reasons = List.of(new Reason("new device", 25, "never seen"));
        return new DecisionIndex.Decided(new IndexedDecision(eventId, at, at, "CHARGE", verdict, 50, false, "acct",
                "dev", null, "v1", "{}", "{}", reasons, List.of(), null, null));
    }
}
