package dev.riskgate.state.embedded;

import dev.riskgate.state.codec.StateForms;
import static org.assertj.core.api.Assertions.assertThat;

import dev.riskgate.MutableClock;
import dev.riskgate.decision.FeedbackOutcome;
import dev.riskgate.state.AnswerWindows;
import dev.riskgate.state.AnswerWindowsContract;
import dev.riskgate.state.Commit;
import dev.riskgate.state.DecisionRecord;
import dev.riskgate.state.StateStore;
import dev.riskgate.state.Status;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The windows on the journal store, with the default settings and a test clock; and through its three forms and a crash. */
class JournalAnswerWindowsTest extends AnswerWindowsContract {

    @Override
    protected AnswerWindows windows() {
        return AnswerWindows.DEFAULT;
    }

    @Override
    protected StateStore open(Path dataDir, MutableClock clock, AnswerWindows windows) {
        return JournalStateStore.open(dataDir, clock, false, windows);
    }

    @Override
    protected void pass(Duration d) {
        clock.advance(d);
    }

    private JournalStateStore journal() {
        return (JournalStateStore) store;
    }

    @Test
    void aRecordPackedPastTheWindowIsPackedCompactAndSmaller() {
        Commit decided = decision("evt-1", Status.PENDING);
        store.apply(decided);
        byte[] whole = Packed.pack(StateForms.RECORD, "evt-1", decided.record(), 1, clock.millis());
        pass(windows().idempotency().plusSeconds(1));
        journal().packIdle();
        journal().packIdle();

        byte[] packed = journal().decisions.packedRecord("evt-1");
        assertThat(Packed.compactRecord(packed)).isTrue();
        assertThat(packed.length).as("bytes of the packed record, whole " + whole.length).isLessThan(whole.length / 2);
        assertThat(store.decision("evt-1")).contains(decided.record().compact());
    }

    @Test
    void aCheckpointWritesCompactRecordsAndARestartReadsThem() {
        Commit decided = decision("evt-1", Status.PENDING);
        store.apply(decided);
        store.apply(decision("evt-2", Status.ALLOWED));
        pass(windows().idempotency().plusSeconds(1));
        Commit fresh = decision("evt-3", Status.ALLOWED);
        store.apply(fresh);
        journal().checkpoint();
        store.close();

        store = open(dataDir, clock, windows());
        assertThat(store.decision("evt-1")).contains(decided.record().compact());
        assertThat(store.decision("evt-3")).as("still inside its window").contains(fresh.record());
        feedback("evt-1", FeedbackOutcome.FRAUD, Status.FRAUD);
        assertThat(store.decision("evt-1").map(DecisionRecord::feedback).orElseThrow()).containsExactly(FeedbackOutcome.FRAUD);
    }

    /** A record packed whole while idle inside its window is written compact by the first checkpoint after it. */
    @Test
    void aCheckpointCompactsAWholeRecordPackedBeforeTheWindowEnded() {
        store.apply(decision("evt-1", Status.PENDING));
        journal().packIdle();
        journal().packIdle();
        assertThat(Packed.compactRecord(journal().decisions.packedRecord("evt-1"))).as("packed whole").isFalse();
        pass(windows().idempotency().plusSeconds(1));

        journal().checkpoint();

        byte[] reference = journal().decisions.packedRecord("evt-1");
        byte[] inFile = journal().files.read(Packed.place(reference));
        assertThat(Packed.compactRecord(inFile)).as("the checkpoint's record").isTrue();
    }

    /** Feedback on a compact record is journalled compact (a frame of format 2); a crash replays it as it was. */
    @Test
    void feedbackOnACompactRecordSurvivesACrash() {
        Commit decided = decision("evt-1", Status.PENDING);
        store.apply(decided);
        pass(windows().idempotency().plusSeconds(1));
        feedback("evt-1", FeedbackOutcome.STEP_UP_FAILED, Status.FAILED);
        journal().closeWithoutCheckpoint();

        store = open(dataDir, clock, windows());
        assertThat(store.decision("evt-1")).contains(decided.record().withFeedback(FeedbackOutcome.STEP_UP_FAILED).compact());
        assertThat(store.snapshot(keys("evt-1")).account().events().get(0).status()).isEqualTo(Status.FAILED);
    }
}
