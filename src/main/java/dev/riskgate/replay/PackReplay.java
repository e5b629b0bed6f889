package dev.riskgate.replay;

import dev.riskgate.rules.RulePack;
import dev.riskgate.scoring.Decision;
import dev.riskgate.scoring.FeedbackConflict;
import dev.riskgate.scoring.FeedbackOutcome;
import dev.riskgate.scoring.FeedbackRecorder;
import dev.riskgate.scoring.Reason;
import dev.riskgate.scoring.Scorer;
import dev.riskgate.scoring.Verdict;
import dev.riskgate.scoring.Scored;
import dev.riskgate.state.memory.MemoryStateStore;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;

/**
 * Feeds an event stream through one pack on fresh (in-memory) state, through the same scorer as the
 * server. With
 * labels, a step-up is answered the way the real customer would: a legitimate customer passes the
 * second factor, an attacker (who has only the password) fails it.
 */
final class PackReplay {

    /** What the pack answered for one event; rule lists are interned to keep a million results small. */
    record Result(Verdict verdict, int score, List<String> rules) {
    }

    private final RulePack pack;
    private final Labels labels;
    private final Map<List<String>, List<String>> interned = new HashMap<>();
    /** Time spent reading state, evaluating rules and writing state, summed over the run. */
    final long[] stageNanos = new long[3];

    PackReplay(RulePack pack, Labels labels) {
        this.pack = pack;
        this.labels = labels;
    }

    Result[] run(List<ReplayEvent> events, IntConsumer progress) {
        Result[] results = new Result[events.size()];
        try (MemoryStateStore store = new MemoryStateStore()) {
            Scorer scorer = new Scorer(store, () -> pack, Clock.systemUTC());
            FeedbackRecorder feedback = new FeedbackRecorder(store);
            for (int i = 0; i < results.length; i++) {
                ReplayEvent event = events.get(i);
                Scored scored = scorer.score(event.request());
                stageNanos[0] += scored.readNanos();
                stageNanos[1] += scored.evalNanos();
                stageNanos[2] += scored.writeNanos();
                Decision d = scored.decision();
                List<String> rules = d.reasons().stream().map(Reason::rule).toList();
                results[i] = new Result(d.decision(), d.score(), interned.computeIfAbsent(rules, r -> r));
                for (FeedbackOutcome outcome : event.feedback()) {
                    apply(feedback, d, outcome);
                }
                Boolean fraud = labels == null ? null : labels.isFraud(d.eventId());
                if (d.decision() == Verdict.STEP_UP && fraud != null && event.feedback().stream().noneMatch(FeedbackOutcome::isStepUpResult)) {
                    apply(feedback, d, fraud ? FeedbackOutcome.STEP_UP_FAILED : FeedbackOutcome.STEP_UP_PASSED);
                }
                progress.accept(i + 1);
            }
        }
        return results;
    }

    /** Recorded feedback meant for another pack's decision may not fit this one's; such feedback is skipped. */
    private static void apply(FeedbackRecorder feedback, Decision d, FeedbackOutcome outcome) {
        try {
            feedback.record(d.eventId(), outcome);
        } catch (FeedbackConflict ignored) {
            // e.g. STEP_UP_PASSED recorded live for an event this pack allows
        }
    }
}
