package dev.riskgate.state.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import dev.riskgate.state.Commit;
import dev.riskgate.state.codec.Canon;
import dev.riskgate.state.formats.ReleasedFormats;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class JournalFramesTest {

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
