package dev.riskgate.state;

import static org.assertj.core.api.Assertions.assertThat;

import dev.riskgate.event.EventType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class HistoriesTest {

    private static final Instant T = Instant.parse("2019-07-03T01:00:00Z");

    private static HistoryEvent event(String id, int minutes, Status status) {
        return new HistoryEvent(id, EventType.PURCHASE, T.plusSeconds(60L * minutes), 5000, "acct-" + id, "dev", "store",
                status, true, List.of(new Resale("tobacco", 1, 5000)));
    }

    @Test
    void foldIgnoresAnAppendOfAnEventItAlreadyHolds() {
        HistoryOp a = new HistoryOp.Append(event("a", 0, Status.ALLOWED));
        HistoryOp b = new HistoryOp.Append(event("b", 1, Status.BLOCKED));

        AccountState account = Histories.fold(AccountState.EMPTY, List.of(a, b, a));
        EventLog log = Histories.fold(EventLog.EMPTY, List.of(a, b, a));

        assertThat(account.events()).extracting(HistoryEvent::eventId).containsExactly("a", "b");
        assertThat(account.amounts()).extracting(SettledAmount::eventId).containsExactly("a");
        assertThat(account.stores()).singleElement().extracting(StoreVisit::visits).isEqualTo(1);
        assertThat(log.events()).extracting(HistoryEvent::eventId).containsExactly("a", "b");
    }

    @Test
    void foldReplayedOverItsOwnResultChangesNothing() {
        List<HistoryOp> ops = List.of(new HistoryOp.Append(event("a", 0, Status.PENDING)),
                new HistoryOp.Restatus("a", Status.PASSED), new HistoryOp.Restatus("a", Status.FRAUD));

        AccountState once = Histories.fold(AccountState.EMPTY, ops);

        assertThat(Histories.fold(once, ops)).isEqualTo(once);
        assertThat(once.amounts()).isEmpty();
        assertThat(once.device("dev")).hasValueSatisfying(d -> assertThat(d.trusted()).isFalse());
    }

    @Test
    void aLatePassedStepUpDoesNotRetrustAFraudsDevice() {
        AccountState account = Histories.fold(AccountState.EMPTY, List.of(
                new HistoryOp.Append(event("a", 0, Status.PENDING)), new HistoryOp.Restatus("a", Status.FRAUD),
                new HistoryOp.Restatus("a", Status.PASSED)));

        assertThat(account.events()).singleElement().extracting(HistoryEvent::status).isEqualTo(Status.FRAUD);
        assertThat(account.device("dev")).hasValueSatisfying(d -> assertThat(d.trusted()).isFalse());
        assertThat(account.amounts()).isEmpty();
    }

    @Test
    void restatusOfAnEventTheLogNeverHeldChangesNothing() {
        EventLog log = Histories.fold(EventLog.EMPTY, List.of(new HistoryOp.Append(event("a", 0, Status.ALLOWED))));

        assertThat(Histories.fold(log, List.of(new HistoryOp.Restatus("other", Status.FRAUD)))).isEqualTo(log);
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

    @Test
    void aLateAttemptTakesItsPlaceInTimeOrder() {
        EventLog log = Histories.fold(EventLog.EMPTY, List.of(new HistoryOp.Append(event("b", 2, Status.ALLOWED)),
                new HistoryOp.Append(event("c", 3, Status.ALLOWED)), new HistoryOp.Append(event("a", 1, Status.ALLOWED))));

        assertThat(log.events()).extracting(HistoryEvent::eventId).containsExactly("a", "b", "c");
    }

    @Test
    void aFullLogDropsItsOldestAttempt() {
        EventLog log = EventLog.EMPTY;
        for (int i = 0; i <= Retention.MAX_EVENTS; i++) {
            log = Histories.record(log, event("e" + i, i, Status.BLOCKED));
        }

        assertThat(log.events()).hasSize(Retention.MAX_EVENTS);
        assertThat(log.events().get(0).eventId()).isEqualTo("e1");
    }

    /**
     * A log's new attempt is appended and pruned in one list: the same events as appending to a copy and
     * pruning it (by age and by cap), for attempts newer than the log and for late ones alike.
     */
    @Test
    void aLogAfterOneMoreAttemptIsTheAppendedLogPruned() {
        Random random = new Random(11);
        for (int round = 0; round < 400; round++) {
            List<HistoryEvent> events = new ArrayList<>();
            Instant at = T;
            for (int i = 0, n = random.nextInt(1_200); i < n; i++) {
                at = at.plusSeconds(random.nextInt(4) == 0 ? 0 : random.nextInt(12_000));
                events.add(new HistoryEvent("e" + i, EventType.PURCHASE, at, 100, "a", "d", "s", Status.ALLOWED,
                        false, List.of()));
            }
            long shift = random.nextInt(3) == 0 ? -random.nextInt(86_400) : random.nextInt(40 * 86_400);
            HistoryEvent next = new HistoryEvent("new", EventType.PURCHASE, at.plusSeconds(shift), 100, "a", "d", "s",
                    Status.ALLOWED, false, List.of());
            EventLog log = new EventLog(events);
            List<HistoryEvent> appended = new ArrayList<>(events);
            appended.add(next);

            assertThat(Histories.record(log, next).events()).as("round %d", round)
                    .isEqualTo(Histories.prune(appended, HistoryEvent::at, Retention.EVENTS, Retention.MAX_EVENTS));
        }
    }
}
