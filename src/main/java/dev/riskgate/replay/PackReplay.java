package dev.riskgate.replay;

import dev.riskgate.decision.Decision;
import dev.riskgate.decision.FeedbackOutcome;
import dev.riskgate.decision.Reason;
import dev.riskgate.decision.Verdict;
import dev.riskgate.rules.RulePack;
import dev.riskgate.scoring.FeedbackConflict;
import dev.riskgate.scoring.FeedbackRecorder;
import dev.riskgate.scoring.Scored;
import dev.riskgate.scoring.Scorer;
import dev.riskgate.state.StateStore;
import dev.riskgate.state.memory.MemoryStateStore;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;

/**
 * Feeds an event stream through one pack on fresh (in-memory) state, or on a store warmed up by
 * {@link HistoryImport}, through the same scorer as the server. With labels, a step-up is answered the
 * way the real customer would: a legitimate customer passes the second factor, an attacker fails it
 * unless {@link StepUpAnswers} says they phished the code.
 */
final class PackReplay {

    /**
     * What the pack answered for one event; rule lists are interned to keep a million results small.
     * {@code settled}: the money moved (allowed, or stepped up and the second factor passed).
     */
    /** {@code alerts}: the kinds of the alerts the decision raised for the account holder. */
    record Result(Verdict verdict, int score, List<String> rules, boolean settled, List<String> alerts) {

        Result(Verdict verdict, int score, List<String> rules, boolean settled) {
            this(verdict, score, rules, settled, List.of());
        }
    }

    private final RulePack pack;
    private final Labels labels;
    private final StepUpAnswers answers;
    private final Map<List<String>, List<String>> interned = new HashMap<>();
    /** Time spent reading state, evaluating rules and writing state, summed over the run. */
    final long[] stageNanos = new long[3];
    /** Item categories the pack's categories.csv did not recognise, as the tills sent them, with counts. */
    final Map<String, Integer> unrecognisedCategories = new HashMap<>();

    PackReplay(RulePack pack, Labels labels, StepUpAnswers answers) {
        this.pack = pack;
        this.labels = labels;
        this.answers = answers;
    }

    Result[] run(List<ReplayEvent> events, IntConsumer progress) {
        try (MemoryStateStore store = new MemoryStateStore()) {
            return run(store, events, progress);
        }
    }

    /** Replays onto {@code store} as it stands (e.g. warmed up with imported history). */
    Result[] run(StateStore store, List<ReplayEvent> events, IntConsumer progress) {
        Result[] results = new Result[events.size()];
        Scorer scorer = new Scorer(store, () -> pack, Clock.systemUTC());
        FeedbackRecorder feedback = new FeedbackRecorder(store);
        for (int i = 0; i < results.length; i++) {
            ReplayEvent event = events.get(i);
            Scored scored = scorer.score(event.request());
            stageNanos[0] += scored.readNanos();
            stageNanos[1] += scored.evalNanos();
            stageNanos[2] += scored.writeNanos();
            for (String category : scored.unrecognisedCategories()) {
                unrecognisedCategories.merge(category, 1, Integer::sum);
            }
            Decision d = scored.decision();
            List<String> rules = java.util.stream.Stream.concat(d.reasons().stream().map(Reason::rule),
                    d.staged().stream().map(r -> r.rule() + RulePack.LOG_ONLY_MARK)).toList();
            boolean passed = false;
            for (FeedbackOutcome outcome : event.feedback()) {
                passed |= apply(feedback, d, outcome) && outcome == FeedbackOutcome.STEP_UP_PASSED;
            }
            Boolean fraud = labels == null ? null : labels.isFraud(d.eventId());
            if (d.decision() == Verdict.STEP_UP && fraud != null && event.feedback().stream().noneMatch(FeedbackOutcome::isStepUpResult)) {
                passed = answers.passes(event.request().accountId(), fraud);
                apply(feedback, d, passed ? FeedbackOutcome.STEP_UP_PASSED : FeedbackOutcome.STEP_UP_FAILED);
            }
            boolean settled = d.decision() == Verdict.ALLOW || (d.decision() == Verdict.STEP_UP && passed);
            results[i] = new Result(d.decision(), d.score(), interned.computeIfAbsent(rules, r -> r), settled,
                    d.alerts().isEmpty() ? List.of() : d.alerts().stream().map(dev.riskgate.decision.Alert::kind).toList());
            progress.accept(i + 1);
        }
        return results;
    }

    /**
     * Recorded feedback meant for another pack's decision may not fit this one's; such feedback is
     * skipped. True when it was applied.
     */
    private static boolean apply(FeedbackRecorder feedback, Decision d, FeedbackOutcome outcome) {
        try {
            feedback.record(d.eventId(), outcome);
            return true;
        } catch (FeedbackConflict ignored) {
            // e.g. STEP_UP_PASSED recorded live for an event this pack allows
            return false;
        }
    }
}
