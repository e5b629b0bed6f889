package dev.riskgate.state;

import static org.assertj.core.api.Assertions.assertThat;

import dev.riskgate.scoring.EventType;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class HistoriesTest {

    private static final Instant T = Instant.parse("2019-07-03T01:00:00Z");

    private static HistoryEvent event(String id, int minutes, Status status) {
        return new HistoryEvent(id, EventType.PURCHASE, T.plusSeconds(60L * minutes), 5000, "acct-" + id, "dev", "store",
                status, true, List.of(new Resale("tobacco", 1, 5000)));
    }

    @Test
    void mergeKeepsAppendsMadeMeanwhileByOtherRequests() {
        EventLog before = new EventLog(List.of(event("a", 0, Status.ALLOWED)));
        EventLog current = new EventLog(List.of(event("a", 0, Status.ALLOWED), event("b", 1, Status.ALLOWED)));
        EventLog changed = Histories.record(before, event("c", 2, Status.BLOCKED));

        assertThat(Histories.merge(current, before, changed).events()).extracting(HistoryEvent::eventId)
                .containsExactly("a", "b", "c");
    }

    @Test
    void mergeDoesNotUndoAStatusChangedMeanwhile() {
        EventLog before = new EventLog(List.of(event("a", 0, Status.PENDING)));
        EventLog current = Histories.restatus(before, "a", Status.PASSED);
        EventLog changed = Histories.record(before, event("c", 2, Status.ALLOWED));

        assertThat(Histories.merge(current, before, changed).events())
                .filteredOn(e -> e.eventId().equals("a")).singleElement()
                .extracting(HistoryEvent::status).isEqualTo(Status.PASSED);
    }

    @Test
    void passedStepUpSettlesTheEventAndTrustsTheDevice() {
        AccountState account = Histories.record(AccountState.EMPTY, event("a", 0, Status.PENDING));
        assertThat(account.device("dev")).hasValueSatisfying(d -> assertThat(d.trusted()).isFalse());
        assertThat(account.amounts()).isEmpty();

        AccountState passed = Histories.restatus(account, "a", Status.PASSED);
        assertThat(passed.device("dev")).hasValueSatisfying(d -> assertThat(d.trusted()).isTrue());
        assertThat(passed.amounts()).extracting(SettledAmount::eventId).containsExactly("a");
        assertThat(passed.stores()).extracting(StoreVisit::storeId).containsExactly("store");
    }

    @Test
    void fraudTakesTrustAndAmountBack() {
        AccountState allowed = Histories.record(AccountState.EMPTY, event("a", 0, Status.ALLOWED));
        AccountState fraud = Histories.restatus(allowed, "a", Status.FRAUD);

        assertThat(fraud.device("dev")).hasValueSatisfying(d -> assertThat(d.trusted()).isFalse());
        assertThat(fraud.amounts()).isEmpty();
    }

    @Test
    void blockedAttemptNeitherTrustsNorCounts() {
        AccountState blocked = Histories.record(AccountState.EMPTY, event("a", 0, Status.BLOCKED));

        assertThat(blocked.device("dev")).hasValueSatisfying(d -> assertThat(d.trusted()).isFalse());
        assertThat(blocked.amounts()).isEmpty();
        assertThat(blocked.events()).hasSize(1);
    }

    @Test
    void attemptsOlderThanRetentionArePruned() {
        EventLog log = Histories.record(EventLog.EMPTY, event("old", 0, Status.ALLOWED));
        log = Histories.record(log, event("new", (int) Retention.EVENTS.toMinutes() + 1, Status.ALLOWED));

        assertThat(log.events()).extracting(HistoryEvent::eventId).containsExactly("new");
    }
}
