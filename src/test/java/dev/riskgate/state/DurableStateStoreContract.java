package dev.riskgate.state;

import static org.assertj.core.api.Assertions.assertThat;

import dev.riskgate.decision.FeedbackOutcome;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a store that serves promises beyond the contract: what it acknowledged is there after a restart. */
public abstract class DurableStateStoreContract extends StateStoreContract {

    @Test
    void acknowledgedCommitsSurviveReopening() {
        store.apply(decision("evt-1", "acct", "dev", "shop", Status.PENDING, 0, true));
        store.apply(decision("evt-2", "acct", "dev", null, Status.ALLOWED, 1, false));
        feedback("evt-1", FeedbackOutcome.STEP_UP_PASSED, Status.PASSED);
        Snapshot before = store.snapshot(keys("evt-1", "acct", "dev", "shop"));
        store.close();

        store = open(dataDir, clock);

        assertThat(store.snapshot(keys("evt-1", "acct", "dev", "shop"))).isEqualTo(before);
        assertThat(store.decision("evt-2")).isPresent();
        assertThat(store.apply(decision("evt-2", "acct", "dev", null, Status.BLOCKED, 2, false)).applied())
                .as("a retry after the restart is still refused").isFalse();
    }

    @Test
    void aFreezeSurvivesReopeningUntilLifted() {
        store.apply(decision("evt-1", "acct", "dev", "shop", Status.ALLOWED, 0, true));
        store.apply(freeze("acct", true, START.plusSeconds(60)));
        store.close();

        store = open(dataDir, clock);
        assertThat(store.snapshot(keys("evt-1", "acct", "dev", "shop")).account().frozen()).isTrue();
        store.apply(freeze("acct", false, START.plusSeconds(120)));
        store.close();

        store = open(dataDir, clock);
        assertThat(store.snapshot(keys("evt-1", "acct", "dev", "shop")).account().frozen()).isFalse();
    }

    @Test
    void alertsCommitWithTheirDecisionAndSurviveReopening() {
        OutboxEntry first = alert("evt-a", "one");
        OutboxEntry second = alert("evt-a", "two");
        assertThat(store.apply(decision("evt-a", "acct", "dev", null, Status.BLOCKED, 0, false)
                .withAlerts(List.of(first, second))).applied()).isTrue();
        assertThat(store.apply(decision("evt-a", "acct", "dev", null, Status.BLOCKED, 0, false)
                .withAlerts(List.of(alert("evt-a", "three")))).applied()).as("a retry of the decision").isFalse();
        store.close();

        store = open(dataDir, clock);

        assertThat(store.outbox().backlog().pending()).as("the refused retry queued nothing").isEqualTo(2);
        assertThat(store.outbox().claimDue(10, Duration.ofMinutes(1))).containsExactlyInAnyOrder(first, second);
        assertThat(store.outbox().claimDue(10, Duration.ofMinutes(1))).as("both are leased").isEmpty();
        assertThat(store.outbox().claim(first.alertId(), first.eventId(), Duration.ofMinutes(1))).isEmpty();
    }

    @Test
    void aDoneAlertIsNeverClaimedAgainAndARetryComesDueAtItsTime() {
        OutboxEntry first = alert("evt-b", "one");
        OutboxEntry second = alert("evt-b", "two");
        store.apply(decision("evt-b", "acct", "dev", null, Status.BLOCKED, 0, false).withAlerts(List.of(first, second)));
        assertThat(store.outbox().claim(first.alertId(), first.eventId(), Duration.ofMinutes(1))).contains(first);
        store.outbox().done(first, true);
        assertThat(store.outbox().claimDue(10, Duration.ZERO)).as("a lease of zero ends at once").containsExactly(second);
        assertThat(store.outbox().claimDue(10, Duration.ofMinutes(1))).containsExactly(second);
        // The embedded store keeps the service's clock, Redis its own: tomorrow by either.
        Instant now = clock.instant().isAfter(Instant.now()) ? clock.instant() : Instant.now();
        store.outbox().retryAt(second, now.plus(Duration.ofDays(1)));
        assertThat(store.outbox().claimDue(10, Duration.ofMinutes(1))).as("due tomorrow").isEmpty();
        store.outbox().retryAt(second, Instant.EPOCH);
        assertThat(store.outbox().claimDue(10, Duration.ofMinutes(1))).containsExactly(second);
        store.outbox().done(second, false);
        store.close();

        store = open(dataDir, clock);

        assertThat(store.outbox().backlog().pending()).isZero();
        assertThat(store.outbox().claimDue(10, Duration.ZERO)).isEmpty();
    }

    @Test
    void anOperatorQueuesADoneAlertAgain() {
        OutboxEntry entry = alert("evt-r", "again");
        store.apply(decision("evt-r", "acct", "dev", null, Status.BLOCKED, 0, false).withAlerts(List.of(entry)));
        store.outbox().claim(entry.alertId(), entry.eventId(), Duration.ofMinutes(1));
        store.outbox().done(entry, false);
        assertThat(store.outbox().requeue(entry.alertId(), entry.eventId())).isTrue();
        assertThat(store.outbox().requeue(alert("evt-none", "again").alertId(), "evt-none")).isFalse();
        store.close();

        store = open(dataDir, clock);

        assertThat(store.outbox().claimDue(10, Duration.ofMinutes(1))).containsExactly(entry);
    }

    protected static OutboxEntry alert(String eventId, String kind) {
        return new OutboxEntry(dev.riskgate.decision.AlertIds.of(eventId, kind), eventId,
                "{\"kind\":\"" + kind + "\",\"message\":\"caf\u00e9 \u00a5\"}");
    }
}
