package dev.riskgate.state.codec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.riskgate.state.AccountState;
import dev.riskgate.state.Commit;
import dev.riskgate.state.DecisionRecord;
import dev.riskgate.state.EventLog;
import dev.riskgate.state.HistoryOp;
import dev.riskgate.state.formats.ReleasedFormats;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The forms every store writes: each value reads back equal, and the bytes are pinned. Checkpoint version 4
 * holds these bytes (a released data directory must keep reading: {@code ReleasedJournalTest}); changing a
 * form means new versions of the checkpoint, the journal segment and the Redis value format, and a new
 * pinned digest here, never an edited one.
 */
class StateFormsLayoutTest {

    private static final String LAYOUT = "bc8da974de69d64b61f4dfbee8024f19ea75cfbb8fc92e14ec0d6042607d033c";

    private static AccountState account() {
        return new AccountState(List.of(), List.of(), List.of(), List.of(), null);
    }

    @Test
    void everyValueReadsBackEqual() {
        for (Commit c : commits()) {
            for (List<HistoryOp> ops : List.of(c.account(), c.device(), c.store())) {
                assertThat(StateForms.OPS.read(input(bytes(out -> StateForms.OPS.write(out, ops))))).isEqualTo(ops);
            }
            if (c.record() != null) {
                DecisionRecord r = c.record();
                StateIn in = input(bytes(out -> StateForms.RECORD.write(out, r))).keyed(r.eventId());
                assertThat(StateForms.RECORD.read(in)).isEqualTo(r);
                assertThat(in.atEnd()).isTrue();
                if (r.answerKept()) {
                    in = input(bytes(out -> CompactRecords.writeAnswer(out, r)));
                    assertThat(CompactRecords.readAnswer(in, r.compact())).isEqualTo(r);
                }
            }
        }
        AccountState folded = folded();
        assertThat(StateForms.ACCOUNT.read(input(bytes(out -> StateForms.ACCOUNT.write(out, folded))))).isEqualTo(folded);
        EventLog log = new EventLog(folded.events());
        assertThat(StateForms.LOG.read(input(bytes(out -> StateForms.LOG.write(out, log))))).isEqualTo(log);
    }

    @Test
    void theLayoutIsPinned() throws NoSuchAlgorithmException {
        byte[] bytes = bytes(out -> {
            for (Commit c : commits()) {
                StateForms.OPS.write(out, c.account());
                if (c.record() != null) {
                    StateForms.RECORD.write(out, c.record());
                    StateForms.RECORD.write(out, c.record().compact());
                    CompactRecords.writeAnswer(out, c.record());
                }
            }
            StateForms.ACCOUNT.write(out, folded());
        });

        assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes))).isEqualTo(LAYOUT);
    }

    private static List<Commit> commits() {
        List<Commit> all = new java.util.ArrayList<>(ReleasedFormats.first());
        all.addAll(ReleasedFormats.second());
        return all;
    }

    /** Every commit folded into one account: devices, trust, stores, amounts, a freeze. */
    private static AccountState folded() {
        AccountState a = account();
        for (Commit c : commits()) {
            a = dev.riskgate.state.Histories.fold(a, c.account());
        }
        return a;
    }

    private interface Writing {
        void write(StateOut out);
    }

    private static byte[] bytes(Writing writing) {
        StateOut out = new StateOut();
        out.base(ReleasedFormats.START.getEpochSecond());
        writing.write(out);
        return out.toBytes();
    }

    private static StateIn input(byte[] bytes) {
        StateIn in = new StateIn(bytes);
        in.base(ReleasedFormats.START.getEpochSecond());
        return in;
    }
}
