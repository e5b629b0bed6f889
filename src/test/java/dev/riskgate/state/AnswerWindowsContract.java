package dev.riskgate.state;

import static org.assertj.core.api.Assertions.assertThat;

import dev.riskgate.MutableClock;
import dev.riskgate.decision.Decision;
import dev.riskgate.decision.FeedbackOutcome;
import dev.riskgate.decision.Reason;
import dev.riskgate.decision.Verdict;
import dev.riskgate.event.EventType;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The two windows of a decided event ({@link AnswerWindows}), on every durable store: the whole answer
 * during the idempotency window, then the compact record, on which retries are still recognised and
 * feedback still lands, until the feedback window ends. A subclass says how to open its store and how
 * time passes for it (a test clock for the journal, the server's own clock for Redis TTLs).
 */
public abstract class AnswerWindowsContract {

    protected static final Instant START = Instant.parse("2025-06-01T00:00:00Z");

    @TempDir
    protected Path dataDir;
    protected final MutableClock clock = new MutableClock(START);
    protected StateStore store;

    /** The windows the store under test is opened with (short ones where time must really pass). */
    protected abstract AnswerWindows windows();

    protected abstract StateStore open(Path dataDir, MutableClock clock, AnswerWindows windows);

    /** Lets {@code d} pass for the store (and moves {@link #clock} by as much). */
    protected abstract void pass(Duration d) throws InterruptedException;

    @BeforeEach
    void openStore() {
        store = open(dataDir, clock, windows());
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    @Test
    void aRetryInsideTheIdempotencyWindowGetsTheWholeRecord() throws Exception {
        Commit decided = decision("evt-1", Status.PENDING);
        store.apply(decided);
        pass(windows().idempotency().dividedBy(3));

        assertThat(store.decision("evt-1")).contains(decided.record());
        assertThat(store.snapshot(keys("evt-1")).decision()).contains(decided.record());
        Applied retry = store.apply(decision("evt-1", Status.BLOCKED));
        assertThat(retry.applied()).isFalse();
        assertThat(retry.stored()).isEqualTo(decided.record());
    }

    @Test
    void pastTheIdempotencyWindowOnlyTheCompactRecordIsKept() throws Exception {
        Commit decided = decision("evt-1", Status.PENDING);
        store.apply(decided);
        pass(windows().idempotency().plusMillis(500));

        DecisionRecord compact = decided.record().compact();
        assertThat(store.decision("evt-1")).contains(compact);
        assertThat(compact.answerKept()).isFalse();
        assertThat(compact.answer().reasons()).isEmpty();
        assertThat(compact.answer().decision()).isEqualTo(Verdict.STEP_UP);
        assertThat(compact.answers(decided.record().requestHash())).as("the same body is still a retry").isTrue();
        assertThat(compact.answers("0123456789abcdef0123456789abcdef")).as("another body").isFalse();
        Applied retry = store.apply(decision("evt-1", Status.ALLOWED));
        assertThat(retry.applied()).as("never decided twice").isFalse();
        assertThat(retry.stored()).isEqualTo(compact);
        assertThat(store.snapshot(keys("evt-1")).account().events()).hasSize(1);
    }

    @Test
    void feedbackPastTheIdempotencyWindowStillReachesTheEventAndItsHistories() throws Exception {
        store.apply(decision("evt-1", Status.PENDING));
        pass(windows().idempotency().plusMillis(500));

        feedback("evt-1", FeedbackOutcome.STEP_UP_PASSED, Status.PASSED);
        feedback("evt-1", FeedbackOutcome.FRAUD, Status.FRAUD);

        DecisionRecord stored = store.decision("evt-1").orElseThrow();
        assertThat(stored.answerKept()).isFalse();
        assertThat(stored.feedback()).containsExactly(FeedbackOutcome.STEP_UP_PASSED, FeedbackOutcome.FRAUD);
        Snapshot snap = store.snapshot(keys("evt-1"));
        assertThat(snap.account().events()).extracting(HistoryEvent::status).containsExactly(Status.FRAUD);
        assertThat(snap.device().events()).extracting(HistoryEvent::status).containsExactly(Status.FRAUD);
        assertThat(snap.store().events()).extracting(HistoryEvent::status).containsExactly(Status.FRAUD);
    }

    @Test
    void feedbackInsideTheWindowKeepsTheAnswerAndItsWindow() throws Exception {
        Commit decided = decision("evt-1", Status.PENDING);
        store.apply(decided);

        feedback("evt-1", FeedbackOutcome.STEP_UP_PASSED, Status.PASSED);

        assertThat(store.decision("evt-1")).contains(decided.record().withFeedback(FeedbackOutcome.STEP_UP_PASSED));
        pass(windows().idempotency().plusMillis(500));
        assertThat(store.decision("evt-1")).as("feedback does not lengthen the idempotency window")
                .contains(decided.record().withFeedback(FeedbackOutcome.STEP_UP_PASSED).compact());
    }

    @Test
    void pastTheFeedbackWindowTheEventIsForgotten() throws Exception {
        store.apply(decision("evt-1", Status.ALLOWED));
        pass(windows().feedback().plusMillis(500));

        assertThat(store.decision("evt-1")).isEmpty();
    }

    protected static StateKeys keys(String eventId) {
        return new StateKeys(eventId, "acct-0000123", "dev-4f2a9c01b7e3", "store-13101-05");
    }

    /** A decision as the scorer writes it: a real request hash, reasons, a pack version. */
    protected Commit decision(String eventId, Status status) {
        Verdict verdict = status == Status.PENDING ? Verdict.STEP_UP : status == Status.BLOCKED ? Verdict.BLOCK : Verdict.ALLOW;
        Decision answer = new Decision(eventId, verdict, 40, List.of(
                new Reason("new device: never seen on this account", 25, "first attempt from this device"),
                new Reason("velocity: burst of attempts on the device", 15, "3 earlier attempts from this device within 10 minutes")),
                "4c1d0e9a2b7f");
        StateKeys k = keys(eventId);
        DecisionRecord record = new DecisionRecord(answer, "9f86d081884c7d659a2feaa0c55ad015", k.accountId(),
                k.deviceId(), k.storeId(), clock.instant().plusNanos(123_456_789), List.of());
        HistoryEvent attempt = new HistoryEvent(eventId, EventType.PURCHASE, clock.instant(), 5000, k.accountId(),
                k.deviceId(), k.storeId(), status, true, List.of(new Resale("tobacco", 2, 1120)));
        return Commit.append(k, record, attempt, true);
    }

    /** Feedback as the recorder applies it: read the record, replace it if unchanged, else read again. */
    protected void feedback(String eventId, FeedbackOutcome outcome, Status next) {
        for (int tries = 0; tries < 5; tries++) {
            DecisionRecord rec = store.decision(eventId).orElseThrow();
            StateKeys k = new StateKeys(eventId, rec.accountId(), rec.deviceId(), rec.storeId());
            if (store.apply(Commit.feedback(k, rec, rec.withFeedback(outcome), next)).applied()) {
                return;
            }
        }
        throw new AssertionError("feedback on " + eventId + " refused five times in a row");
    }
}
