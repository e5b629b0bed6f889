package dev.riskgate.state.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import dev.riskgate.state.Commit;
import dev.riskgate.state.codec.Canon;
import dev.riskgate.state.formats.ReleasedFormats;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Journal frames of segment version 4: every kind of commit reads back, and the bytes are pinned, since a
 * released data directory's segments must keep reading; changing the frame means a new segment version and
 * a new pinned digest here, never an edited one.
 */
class JournalFramesTest {

    private static final String FRAMES = "7e61bdc1d4e6246240cfb77891aca0aa849943749fc3dba89430c86a0a4d6fd8";

    private static List<Commit> commits() {
        List<Commit> all = new ArrayList<>(ReleasedFormats.first());
        all.addAll(ReleasedFormats.second());
        return all;
    }

    @Test
    void everyKindOfCommitReadsBackAsWritten() {
        long at = ReleasedFormats.START.toEpochMilli() + 7;
        for (Commit c : commits()) {
            ByteBuffer frame = ByteBuffer.wrap(JournalFrames.encode(c, at));

            JournalFrames.Decoded d = JournalFrames.decode(JournalFrames.VERSION, frame, new Canon());

            // The expected record is the store's business before the write, not the journal's.
            assertThat(d.commit()).isEqualTo(new Commit(c.keys(), null, c.record(), c.account(), c.device(), c.store(),
                    c.alerts()));
            assertThat(d.at()).isEqualTo(at);
            assertThat(JournalFrames.eventId(JournalFrames.VERSION, frame)).isEqualTo(c.keys().eventId());
        }
    }

    @Test
    void theFrameLayoutIsPinned() throws NoSuchAlgorithmException {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        for (Commit c : commits()) {
            digest.update(JournalFrames.encode(c, ReleasedFormats.START.toEpochMilli() + 7));
        }

        assertThat(HexFormat.of().formatHex(digest.digest())).isEqualTo(FRAMES);
    }

    @Test
    void recoverySharesOneEventAcrossItsHistories() {
        Commit decision = ReleasedFormats.first().get(0);
        Canon canon = new Canon();

        Commit read = JournalFrames.decode(JournalFrames.VERSION,
                ByteBuffer.wrap(JournalFrames.encode(decision, 0)), canon).commit();
        Commit again = JournalFrames.decode(JournalFrames.VERSION,
                ByteBuffer.wrap(JournalFrames.encode(decision, 0)), canon).commit();

        assertThat(again.account().get(0)).isEqualTo(read.account().get(0));
        var first = ((dev.riskgate.state.HistoryOp.Append) read.account().get(0)).event();
        var second = ((dev.riskgate.state.HistoryOp.Append) again.account().get(0)).event();
        assertThat(second).isSameAs(first);
    }
}
