package dev.riskgate.state.embedded;

import dev.riskgate.state.codec.StateForms;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.riskgate.decision.Decision;
import dev.riskgate.decision.FeedbackOutcome;
import dev.riskgate.decision.Reason;
import dev.riskgate.decision.Verdict;
import dev.riskgate.event.EventType;
import dev.riskgate.state.AccountState;
import dev.riskgate.state.DecisionRecord;
import dev.riskgate.state.EventLog;
import dev.riskgate.state.HistoryEvent;
import dev.riskgate.state.KnownDevice;
import dev.riskgate.state.OwnerFreeze;
import dev.riskgate.state.Resale;
import dev.riskgate.state.SettledAmount;
import dev.riskgate.state.Status;
import dev.riskgate.state.StoreVisit;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class PackedTest {

    private static final long WRITTEN = Instant.parse("2025-06-01T12:00:00.123Z").toEpochMilli();
    private static final Instant T = Instant.parse("2025-05-20T08:30:00Z");

    private static HistoryEvent event(String id, Instant at, double amount, String store, Status status, List<Resale> resale) {
        return new HistoryEvent(id, store == null ? EventType.CHARGE : EventType.PURCHASE, at, amount, "acct-1",
                "dev-\uD83D\uDCF1", store, status, true, resale);
    }

    private static <T> T roundTrip(dev.riskgate.state.codec.Form<T> form, T value) {
        HeapTable.Entry<T> back = Packed.unpack(form, Packed.pack(form, "key-\uD800", value, 123_456_789L, WRITTEN));
        assertThat(back.lsn).isEqualTo(123_456_789L);
        assertThat(back.touched).isEqualTo(WRITTEN);
        return back.value;
    }

    @Test
    void anAccountReadsBackEqual() {
        AccountState account = new AccountState(
                List.of(new KnownDevice("dev-\uD83D\uDCF1", T, T.plusSeconds(5), T),
                        new KnownDevice("dev-2", T.minusSeconds(200 * 86400L), T.plusNanos(1), null)),
                List.of(event("e1", T, 1000, "shop", Status.ALLOWED, List.of(new Resale("tobacco", 2, 560.5))),
                        event("e2", T.plusMillis(1500), 0.1, null, Status.PENDING, List.of()),
                        event("e3", Instant.ofEpochSecond(WRITTEN / 1000 + 86400, 999_999_999), -0.0, "shop",
                                Status.FRAUD, List.of(new Resale("gift", Double.NaN, 1e300)))),
                List.of(new StoreVisit("shop", 3, T, T.plusSeconds(60))),
                List.of(new SettledAmount("e1", EventType.PURCHASE, T, 1000), new SettledAmount("e9", EventType.CHARGE,
                        T.minusSeconds(1), 9_007_199_254_740_993.0)));

        assertThat(roundTrip(StateForms.ACCOUNT, account)).isEqualTo(account);
        assertThat(roundTrip(StateForms.ACCOUNT, AccountState.EMPTY)).isEqualTo(AccountState.EMPTY);
        for (OwnerFreeze freeze : List.of(new OwnerFreeze(true, "not me on alert \uD83D\uDCF1", T.minusSeconds(400 * 86400L)),
                new OwnerFreeze(false, "", T.plusNanos(7)))) {
            AccountState frozen = new AccountState(account.devices(), account.events(), account.stores(),
                    account.amounts(), freeze);
            assertThat(roundTrip(StateForms.ACCOUNT, frozen)).isEqualTo(frozen);
        }
    }

    @Test
    void negativeZeroKeepsItsSign() {
        EventLog log = new EventLog(List.of(event("e", T, -0.0, null, Status.ALLOWED, List.of())));

        assertThat(Double.doubleToRawLongBits(roundTrip(StateForms.LOG, log).events().get(0).amount()))
                .isEqualTo(Double.doubleToRawLongBits(-0.0));
    }

    @Test
    void idsWithALoneSurrogateReadBackUnchanged() {
        String lone = "acct-\uD800-x";
        EventLog log = new EventLog(List.of(new HistoryEvent(lone, EventType.CHARGE, T, 5, lone, "d", null,
                Status.ALLOWED, false, List.of())));

        assertThat(roundTrip(StateForms.LOG, log)).isEqualTo(log);
    }

    @Test
    void aDecisionRecordReadsBackEqual() {
        DecisionRecord record = new DecisionRecord(
                new Decision("evt-1", Verdict.STEP_UP, 55, List.of(new Reason("new device", 40, "unseen device"),
                        new Reason("refund", -5, "unseen device")), "pack-abc"),
                "hash", "acct", "dev", null, T, List.of(FeedbackOutcome.STEP_UP_PASSED, FeedbackOutcome.FRAUD));

        assertThat(roundTrip(StateForms.RECORD, record)).isEqualTo(record);
    }

    @Test
    void repeatedIdsAndTimesAreWrittenOnce() {
        List<HistoryEvent> events = new java.util.ArrayList<>();
        for (int i = 0; i < 100; i++) {
            events.add(event("evt-" + i, T, 1000, "shop-1", Status.ALLOWED, List.of()));
        }
        byte[] packed = Packed.pack(StateForms.LOG, "k", new EventLog(events), 1, WRITTEN);

        // per event: its id (8-9 bytes with its length) plus one byte each for type, time, amount (2),
        // account, device, store, status and flags
        assertThat(packed.length).isLessThan(100 * 20);
    }

    @Test
    void aTruncatedValueFailsInsteadOfReadingShort() {
        byte[] packed = Packed.pack(StateForms.LOG, "k", new EventLog(List.of(event("e", T, 1, "s", Status.ALLOWED, List.of()))),
                1, WRITTEN);

        assertThatThrownBy(() -> Packed.unpack(StateForms.LOG, Arrays.copyOf(packed, packed.length - 1)))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> Packed.unpack(StateForms.LOG, Arrays.copyOf(packed, packed.length + 1)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("past its end");
    }
}
