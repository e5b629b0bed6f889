package dev.riskgate.state.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.riskgate.decision.Decision;
import dev.riskgate.decision.FeedbackOutcome;
import dev.riskgate.decision.Reason;
import dev.riskgate.decision.Verdict;
import dev.riskgate.event.EventType;
import dev.riskgate.state.AccountState;
import dev.riskgate.state.DecisionRecord;
import dev.riskgate.state.HistoryEvent;
import dev.riskgate.state.HistoryOp;
import dev.riskgate.state.KnownDevice;
import dev.riskgate.state.OwnerFreeze;
import dev.riskgate.state.Resale;
import dev.riskgate.state.SettledAmount;
import dev.riskgate.state.Status;
import dev.riskgate.state.StoreVisit;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Stored state must never read back as something else. The binary layout has no field names, so a renamed
 * component cannot be silently dropped the way the old JSON codec dropped unknown properties; what could go
 * wrong instead is a writer and a reader that disagree, or a layout that changes under an unchanged
 * {@link StateBinary#VERSION} (journals and checkpoints of the old layout would then be misread, not refused).
 * Every component below has a value unlike its default, so a component one side forgets fails the round trip.
 */
class StateBinaryLayoutTest {

    /**
     * The SHA-256 of the bytes of {@link #record()} and {@link #account()}, per layout version. Changing the
     * layout means a new {@link StateBinary#VERSION} and a new entry here; editing an existing entry would hide
     * that stores written by a released version are misread.
     */
    private static final Map<Integer, String> LAYOUTS = Map.of(
            1, "1387042c51152273ab3da455bb42007f0500a8bec2c1d2016f40a0c20e26055b",
            2, "0f95b9dc4a02613b0aa6ab5add2f567a360cfd25d513cf5f904ff7e029f5fc87",
            3, "9d784a316630f752dc98431c37577c1ce8584f4ae625441795fcdbca12e5471b");

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
    void historyEventsRoundTripEveryComponent() throws IOException {
        for (HistoryEvent e : List.of(event("evt-1", "store-1"), event("evt-2", null))) {
            byte[] bytes = bytes(out -> StateBinary.writeEvent(out, e));
            DataInputStream in = input(bytes);

            assertThat(StateBinary.readEvent(in, new StateBinary.Canon())).isEqualTo(e);
            assertThat(in.available()).as("bytes the reader left").isZero();
        }
    }

    @Test
    void decisionRecordsRoundTripEveryComponent() throws IOException {
        DataInputStream in = input(bytes(out -> StateBinary.writeRecord(out, record())));

        assertThat(StateBinary.readRecord(in, new StateBinary.Canon())).isEqualTo(record());
        assertThat(in.available()).as("bytes the reader left").isZero();
    }

    @Test
    void accountsAndOperationsRoundTripEveryComponent() throws IOException {
        DataInputStream in = input(bytes(out -> StateBinary.writeAccount(out, account())));
        assertThat(StateBinary.readAccount(in, new StateBinary.Canon())).isEqualTo(account());
        assertThat(in.available()).as("bytes the reader left").isZero();

        List<HistoryOp> ops = List.of(new HistoryOp.Append(event("evt-3", "store-2")),
                new HistoryOp.Restatus("evt-1", Status.FRAUD));
        in = input(bytes(out -> StateBinary.writeOps(out, ops)));
        assertThat(StateBinary.readOps(in, new StateBinary.Canon())).isEqualTo(ops);
        assertThat(in.available()).as("bytes the reader left").isZero();
    }

    @Test
    void aFrozenAccountAndFreezeOperationsRoundTrip() throws IOException {
        DataInputStream in = input(bytes(out -> StateBinary.writeAccount(out, frozen())));
        assertThat(StateBinary.readAccount(in, new StateBinary.Canon())).isEqualTo(frozen());
        assertThat(in.available()).as("bytes the reader left").isZero();

        in = input(bytes(out -> StateBinary.writeOps(out, freezes())));
        assertThat(StateBinary.readOps(in, new StateBinary.Canon())).isEqualTo(freezes());
        assertThat(in.available()).as("bytes the reader left").isZero();
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
    void compactRecordsRoundTripWhatTheyKeep() throws IOException {
        DecisionRecord compact = record().compact();
        byte[] bytes = bytes(out -> StateBinary.writeCompact(out, compact));
        DataInputStream in = input(bytes);

        assertThat(StateBinary.readCompact(in, "evt-1", new StateBinary.Canon())).isEqualTo(compact);
        assertThat(in.available()).as("bytes the reader left").isZero();
        assertThat(compact.answer().decision()).isEqualTo(Verdict.STEP_UP);
        assertThat(compact.requestHash()).isEqualTo("4ef3b9befc4e34c4");
        assertThat(compact.feedback()).containsExactly(FeedbackOutcome.STEP_UP_PASSED, FeedbackOutcome.FRAUD);
        // flags, outcomes, second, 8 bytes of hash, three ids after their lengths
        assertThat(bytes).hasSize(1 + 1 + 4 + 8 + 7 + 6 + 8);
    }

    @Test
    void aCompactRecordWithoutAStoreOrAHexHashRoundTrips() throws IOException {
        DecisionRecord compact = new DecisionRecord(new Decision("evt-2", Verdict.BLOCK, 90, List.of(), "v"), "hash-7",
                "acct-\uD800", "dev-1", null, T0, List.of(FeedbackOutcome.LEGIT, FeedbackOutcome.STEP_UP_FAILED,
                FeedbackOutcome.STEP_UP_PASSED, FeedbackOutcome.FRAUD)).compact();

        DataInputStream in = input(bytes(out -> StateBinary.writeCompact(out, compact)));

        assertThat(StateBinary.readCompact(in, "evt-2", new StateBinary.Canon())).isEqualTo(compact);
        assertThat(in.available()).as("bytes the reader left").isZero();
    }

    @Test
    void aLayoutChangeComesWithANewVersion() throws IOException, NoSuchAlgorithmException {
        byte[] bytes = bytes(out -> {
            StateBinary.writeRecord(out, record());
            StateBinary.writeAccount(out, account());
            if (StateBinary.VERSION >= 2) {
                StateBinary.writeCompact(out, record().compact());
            }
            if (StateBinary.VERSION >= 3) {
                StateBinary.writeAccount(out, frozen());
                StateBinary.writeOps(out, freezes());
            }
        });
        String layout = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));

        assertThat(LAYOUTS).as("pinned layout of StateBinary.VERSION " + StateBinary.VERSION)
                .containsEntry(StateBinary.VERSION, layout);
    }

    @Test
    void aRenamedEnumConstantFailsTheReadInsteadOfGuessing() throws IOException {
        String bytes = new String(bytes(out -> StateBinary.writeEvent(out, event("evt-1", "store-1"))),
                StandardCharsets.ISO_8859_1);
        byte[] renamed = bytes.replace("PASSED", "PASSEX").getBytes(StandardCharsets.ISO_8859_1);

        assertThatThrownBy(() -> StateBinary.readEvent(input(renamed), new StateBinary.Canon()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PASSEX");
    }

    private interface Writing {
        void write(DataOutputStream out) throws IOException;
    }

    private static byte[] bytes(Writing writing) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            writing.write(out);
        }
        return bytes.toByteArray();
    }

    private static DataInputStream input(byte[] bytes) {
        return new DataInputStream(new ByteArrayInputStream(bytes));
    }
}
