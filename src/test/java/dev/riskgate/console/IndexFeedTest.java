package dev.riskgate.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.riskgate.decision.Decision;
import dev.riskgate.decision.FeedbackOutcome;
import dev.riskgate.decision.Reason;
import dev.riskgate.decision.Verdict;
import dev.riskgate.decisionlog.DecisionLog;
import dev.riskgate.decisionlog.Retention;
import dev.riskgate.event.ScoreRequest;
import dev.riskgate.event.ScoreRequestParser;
import dev.riskgate.http.ScoreBodies;
import dev.riskgate.scoring.DecisionEnvelope;
import dev.riskgate.scoring.DecisionListener;
import dev.riskgate.scoring.Scored;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The feed on a real decision log and a real SQLite index, told in the order the service tells them (the
 * log first). The index's writer is held busy while decisions arrive, so that far more arrive than the
 * feed's queue holds.
 */
class IndexFeedTest {

    private static final int QUEUE = 8;
    private static final int DECISIONS = 300;
    private static final Clock CLOCK = Clock.systemUTC();
    private static final ScoreRequestParser PARSER = new ScoreRequestParser(CLOCK);

    @TempDir
    Path data;

    @Test
    void decisionsLabelsAndShadowAnswersThatOverflowTheQueueReachTheIndex() throws Exception {
        Set<String> waiting = new HashSet<>();
        Set<String> labelled = new HashSet<>();
        IndexStatus held;
        try (DecisionLog log = DecisionLog.open(data, Retention.defaults(), CLOCK);
             DecisionIndex index = DecisionIndex.open(data.resolve("console"));
             IndexFeed feed = new IndexFeed(index, data.resolve(DecisionLog.DIR), CLOCK, QUEUE, IndexPace.UNPACED)) {
            List<DecisionListener> listeners = List.of(log, feed);
            synchronized (index) { // the index's one writer is busy: nothing leaves the feed's queue meanwhile
                for (int i = 0; i < DECISIONS; i++) {
                    DecisionEnvelope e = decision(i % 2 == 0 ? Verdict.STEP_UP : Verdict.BLOCK);
                    String id = e.event().eventId();
                    listeners.forEach(l -> l.decided(e));
                    if (i % 10 == 0) {
                        listeners.forEach(l -> l.feedbackRecorded(id, FeedbackOutcome.FRAUD));
                        labelled.add(id);
                    } else {
                        waiting.add(id);
                    }
                    if (i % 7 == 0) {
                        Decision shadow = new Decision(id, Verdict.ALLOW, 0, List.of(), "shadow-1");
                        log.shadow(e.decision(), shadow);
                        feed.shadow(e.decision(), shadow);
                    }
                }
                Thread.sleep(20);
                held = feed.status();
            }
            ReviewQueue queue = new ReviewQueue(index, CLOCK, ReviewQueue.DEFAULT_LEASE);
            awaitCaughtUp(feed, queue, waiting.size());

            assertThat(held.lag()).as("behind while the writer was held").isGreaterThanOrEqualTo(Duration.ofMillis(20));
            assertThat(feed.overflowed()).as("the queue overflowed").isGreaterThan(DECISIONS / 2);
            assertThat(feed.refilled()).as("read back from the log").isGreaterThan(0);
            assertThat(column(index, "SELECT event_id FROM decisions")).hasSize(DECISIONS);
            assertThat(column(index, "SELECT event_id FROM decisions WHERE label = 'FRAUD'"))
                    .containsExactlyInAnyOrderElementsOf(labelled);
            assertThat(column(index, "SELECT event_id FROM shadow")).hasSize((DECISIONS + 6) / 7);
            assertThat(walk(queue)).as("every unlabelled case reaches the review queue")
                    .containsExactlyInAnyOrderElementsOf(waiting);
            assertThat(feed.status().lag()).isZero();
        }
    }

    @Test
    void whileScoringIsBusyThePacedIndexTakesItsShareOfTheTimeAndCatchesUpOnceItIsQuiet() throws Exception {
        int decisions = 20_000;
        AtomicBoolean scoring = new AtomicBoolean(true);
        Set<String> decided = new HashSet<>();
        try (DecisionLog log = DecisionLog.open(data, Retention.defaults(), CLOCK);
             DecisionIndex index = DecisionIndex.open(data.resolve("console"));
             IndexFeed feed = new IndexFeed(index, data.resolve(DecisionLog.DIR), CLOCK, decisions,
                     new IndexPace(0.05, scoring::get))) {
            // The start-up read of the (empty) log first, so that what follows is the queue's work alone.
            for (int i = 0; i < 200 && feed.status().catchingUp(); i++) {
                Thread.sleep(50);
            }
            List<DecisionListener> listeners = List.of(log, feed);
            for (int i = 0; i < decisions; i++) {
                DecisionEnvelope e = decision(Verdict.STEP_UP);
                listeners.forEach(l -> l.decided(e));
                decided.add(e.event().eventId());
            }
            long cpuBefore = feed.cpuTime().toNanos();
            Thread.sleep(1000);
            long cpu = feed.cpuTime().toNanos() - cpuBefore;

            // Unpaced, a second of this backlog takes the thread's whole second (about 26 µs a decision).
            assertThat(cpu).as("CPU ns the index took in a busy second at a 5% share").isLessThan(200_000_000L);
            // A batch is 8 steps, each followed by 19 times its length at rest: on a slow machine the first
            // write can come after that second, so scoring stays busy a while longer for it.
            for (int i = 0; i < 200 && feed.applied() == 0; i++) {
                Thread.sleep(50);
            }
            assertThat(feed.applied()).as("paced, not stopped").isPositive();
            assertThat(feed.status().lag()).as("the console says it is behind").isPositive();

            scoring.set(false);
            for (int i = 0; i < 600 && feed.applied() < decisions; i++) {
                Thread.sleep(50);
            }
            assertThat(column(index, "SELECT event_id FROM decisions")).containsExactlyInAnyOrderElementsOf(decided);
        }
    }

    /** Claims and labels every case in the queue, one after another, as an analyst would. */
    private static Set<String> walk(ReviewQueue queue) {
        Set<String> seen = new HashSet<>();
        for (Optional<ReviewQueue.Lease> l = queue.claim("s", "k"); l.isPresent(); l = queue.claim("s", "k")) {
            assertThat(seen.add(l.get().eventId())).as("handed out once").isTrue();
            queue.labelled(l.get().eventId(), "LEGIT", "FALSE_POSITIVE", "k");
        }
        return seen;
    }

    private static void awaitCaughtUp(IndexFeed feed, ReviewQueue queue, int cases) throws InterruptedException {
        for (int i = 0; i < 400 && queue.waiting(DECISIONS) < cases; i++) {
            Thread.sleep(50);
        }
        for (int i = 0; i < 100 && feed.status().lag().toMillis() > 0; i++) {
            Thread.sleep(50);
        }
    }

    private static Set<String> column(DecisionIndex index, String sql) throws Exception {
        Set<String> out = new HashSet<>();
        try (var p = index.reader().prepareStatement(sql); var r = p.executeQuery()) {
            while (r.next()) {
                out.add(r.getString(1));
            }
        }
        return out;
    }

    private static DecisionEnvelope decision(Verdict verdict) {
        ScoreRequest event = PARSER.parse(ScoreBodies.charge(ScoreBodies.unique("acct"), ScoreBodies.unique("dev"), 10_000));
        Decision d = new Decision(event.eventId(), verdict, verdict == Verdict.BLOCK ? 90 : 60,
                List.of(new Reason("charge: new device, large amount", 60, "a new device tops up 10,000")), "pack-1");
        return DecisionEnvelope.decided(event, new Scored(d, false, event.type(), 0, 0, 0, null, List.of()));
    }
}
