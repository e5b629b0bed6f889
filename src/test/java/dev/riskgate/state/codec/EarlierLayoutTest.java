package dev.riskgate.state.codec;

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
import dev.riskgate.state.HistoryOp;
import dev.riskgate.state.KnownDevice;
import dev.riskgate.state.OwnerFreeze;
import dev.riskgate.state.Resale;
import dev.riskgate.state.SettledAmount;
import dev.riskgate.state.Status;
import dev.riskgate.state.StoreVisit;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Stored state must never read back as something else. The binary layout has no field names, so a renamed
 * component cannot be silently dropped the way the old JSON codec dropped unknown properties; what could go
 * wrong instead is a writer and a reader that disagree, or a layout that changes under a version that said
 * it would not (journal segments 1 to 3 and Redis values of format 1 would then be misread, not refused).
 * Every component below has a value unlike its default, so a component one side forgets fails the round trip.
 * This layout (it was {@code StateBinary}) is frozen: it is read in released files and values, and Redis
 * still writes it for instances of the release before.
 */
class EarlierLayoutTest {

    /**
     * The SHA-256 of the bytes of {@link #record()}, {@link #account()} and what the last segment version
     * of this layout (3) added, as pinned while it was {@code StateBinary}'s version 3. Editing it would hide
     * that files and values written by a released version are misread.
     */
    private static final String LAYOUT = "9d784a316630f752dc98431c37577c1ce8584f4ae625441795fcdbca12e5471b";

    private static final Instant T0 = Instant.parse("2024-05-01T01:02:03.456789Z");

    private static HistoryEvent event(String id, String storeId) {
        return new HistoryEvent(id, EventType.PURCHASE, T0, 1234.5, "acct-1", "dev-1", storeId, Status.PASSED, true,
                List.of(new Resale("tobacco", 1.5, 9000), new Resale("gift_card", 2, 3000)));
    }

    private static DecisionRecord record() {
        Decision answer = new Decision("evt-1", Verdict.STEP_UP, 77,
                List.of(new Reason("velocity: burst", 40, "3 earlier charges"), new Reason("new device", 37, "first seen")),
                "rules-abc");
        return new DecisionRecord(answer, "4ef3b9befc4e34c4c45974f9f1b4dc38", "acct-1", "dev-1", "store-1",
                T0.plusSeconds(5), List.of(FeedbackOutcome.STEP_UP_PASSED, FeedbackOutcome.FRAUD));
    }

    private static AccountState account() {
        return new AccountState(
                List.of(new KnownDevice("dev-1", T0, T0.plusSeconds(60), T0.plusSeconds(30)),
                        new KnownDevice("dev-2", T0.plusSeconds(1), T0.plusSeconds(2), null)),
                List.of(event("evt-1", "store-1"), event("evt-2", null)),
                List.of(new StoreVisit("store-1", 3, T0, T0.plusSeconds(90))),
                List.of(new SettledAmount("evt-0", EventType.CHARGE, T0.minusSeconds(60), 5000)));
    }

    @Test
    void historyEventsRoundTripEveryComponent() {
        for (HistoryEvent e : List.of(event("evt-1", "store-1"), event("evt-2", null))) {
            EventLog log = new EventLog(List.of(e));
            StateIn in = input(bytes(out -> EarlierLayout.LOG.write(out, log)));

            assertThat(EarlierLayout.LOG.read(in)).isEqualTo(log);
            assertThat(in.atEnd()).as("the reader read every byte").isTrue();
        }
    }

    @Test
    void decisionRecordsRoundTripEveryComponent() {
        StateIn in = input(bytes(out -> EarlierLayout.RECORD.write(out, record())));

        assertThat(EarlierLayout.RECORD.read(in)).isEqualTo(record());
        assertThat(in.atEnd()).as("the reader read every byte").isTrue();
    }

    @Test
    void accountsAndOperationsRoundTripEveryComponent() {
        StateIn in = input(bytes(out -> EarlierLayout.ACCOUNT.write(out, account())));
        assertThat(EarlierLayout.ACCOUNT.read(in)).isEqualTo(account());
        assertThat(in.atEnd()).as("the reader read every byte").isTrue();

        List<HistoryOp> ops = List.of(new HistoryOp.Append(event("evt-3", "store-2")),
                new HistoryOp.Restatus("evt-1", Status.FRAUD));
        in = input(bytes(out -> EarlierLayout.OPS.write(out, ops)));
        assertThat(EarlierLayout.OPS.read(in)).isEqualTo(ops);
        assertThat(in.atEnd()).as("the reader read every byte").isTrue();
    }

    @Test
    void aFrozenAccountAndFreezeOperationsRoundTrip() {
        StateIn in = input(bytes(out -> EarlierLayout.ACCOUNT.write(out, frozen())));
        assertThat(EarlierLayout.ACCOUNT.read(in)).isEqualTo(frozen());
        assertThat(in.atEnd()).as("the reader read every byte").isTrue();

        in = input(bytes(out -> EarlierLayout.OPS.write(out, freezes())));
        assertThat(EarlierLayout.OPS.read(in)).isEqualTo(freezes());
        assertThat(in.atEnd()).as("the reader read every byte").isTrue();
    }

    private static AccountState frozen() {
        AccountState a = account();
        return new AccountState(a.devices(), a.events(), a.stores(), a.amounts(),
                new OwnerFreeze(true, "not me on alert a-1", T0.plusSeconds(7)));
    }

    private static List<HistoryOp> freezes() {
        return List.of(new HistoryOp.Freeze(new OwnerFreeze(true, "not me", T0)),
                new HistoryOp.Freeze(new OwnerFreeze(false, "", T0.plusSeconds(1))));
    }

    @Test
    void compactRecordsRoundTripWhatTheyKeep() {
        DecisionRecord compact = record().compact();
        byte[] bytes = bytes(out -> CompactRecords.write(out, compact));
        StateIn in = input(bytes);

        assertThat(CompactRecords.read(in, "evt-1")).isEqualTo(compact);
        assertThat(in.atEnd()).as("the reader read every byte").isTrue();
        assertThat(compact.answer().decision()).isEqualTo(Verdict.STEP_UP);
        assertThat(compact.requestHash()).isEqualTo("4ef3b9befc4e34c4");
        assertThat(compact.feedback()).containsExactly(FeedbackOutcome.STEP_UP_PASSED, FeedbackOutcome.FRAUD);
        // flags, outcomes, second, 8 bytes of hash, three ids after their lengths
        assertThat(bytes).hasSize(1 + 1 + 4 + 8 + 7 + 6 + 8);
    }

    @Test
    void aCompactRecordWithoutAStoreOrAHexHashRoundTrips() {
        DecisionRecord compact = new DecisionRecord(new Decision("evt-2", Verdict.BLOCK, 90, List.of(), "v"), "hash-7",
                "acct-\uD800", "dev-1", null, T0, List.of(FeedbackOutcome.LEGIT, FeedbackOutcome.STEP_UP_FAILED,
                FeedbackOutcome.STEP_UP_PASSED, FeedbackOutcome.FRAUD)).compact();

        StateIn in = input(bytes(out -> CompactRecords.write(out, compact)));

        assertThat(CompactRecords.read(in, "evt-2")).isEqualTo(compact);
        assertThat(in.atEnd()).as("the reader read every byte").isTrue();
    }

    @Test
    void theLayoutIsTheOneReleasedFilesAndValuesHold() throws NoSuchAlgorithmException {
        byte[] bytes = bytes(out -> {
            EarlierLayout.RECORD.write(out, record());
            EarlierLayout.ACCOUNT.write(out, account());
            CompactRecords.write(out, record().compact());
            EarlierLayout.ACCOUNT.write(out, frozen());
            EarlierLayout.OPS.write(out, freezes());
        });

        assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes))).isEqualTo(LAYOUT);
    }

    @Test
    void aRenamedEnumConstantFailsTheReadInsteadOfGuessing() {
        EventLog log = new EventLog(List.of(event("evt-1", "store-1")));
        String bytes = new String(bytes(out -> EarlierLayout.LOG.write(out, log)), StandardCharsets.ISO_8859_1);
        byte[] renamed = bytes.replace("PASSED", "PASSEX").getBytes(StandardCharsets.ISO_8859_1);

        assertThatThrownBy(() -> EarlierLayout.LOG.read(input(renamed)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PASSEX");
    }

    private interface Writing {
        void write(StateOut out);
    }

    private static byte[] bytes(Writing writing) {
        StateOut out = new StateOut();
        writing.write(out);
        return out.toBytes();
    }

    private static StateIn input(byte[] bytes) {
        return new StateIn(bytes);
    }
}
