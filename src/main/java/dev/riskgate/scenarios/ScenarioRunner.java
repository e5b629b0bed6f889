package dev.riskgate.scenarios;

import dev.riskgate.decision.Reason;
import dev.riskgate.event.BadRequest;
import dev.riskgate.event.ScoreRequestParser;
import dev.riskgate.rules.RulePack;
import dev.riskgate.scoring.FeedbackConflict;
import dev.riskgate.scoring.FeedbackRecorder;
import dev.riskgate.scoring.Scored;
import dev.riskgate.scoring.Scorer;
import dev.riskgate.scoring.UnknownEvent;
import dev.riskgate.state.StateStore;
import dev.riskgate.state.embedded.JournalStateStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Runs scenarios through the same pipeline as the server (wire validation, state snapshot, rules,
 * state write, feedback), each on a fresh embedded store. Used by the JUnit factory and the CLI alike.
 */
public final class ScenarioRunner {

    /** One checked step that did not match, with what the pack actually answered. */
    public record Failure(String step, List<String> mismatches, String decision, int score, List<String> fired) {
        @Override
        public String toString() {
            return step + ":\n    " + String.join("\n    ", mismatches)
                    + "\n    actual: " + decision + " score " + score + " fired " + fired;
        }
    }

    /** What the pack answered at one event step, checked or not: {@code riskgate test --verbose} prints these. */
    public record Answer(String step, String decision, int score, List<String> fired, boolean checked) {
        @Override
        public String toString() {
            return (checked ? "checked " : "        ") + step + ": " + decision + " score " + score + " fired " + fired;
        }
    }

    public record Result(Scenario scenario, int checked, List<Failure> failures, List<Answer> answers) {
        public Result {
            failures = List.copyOf(failures);
            answers = List.copyOf(answers);
        }

        public boolean passed() {
            return failures.isEmpty();
        }
    }

    private final RulePack pack;
    private final Supplier<StateStore> freshStore;
    private final ScoreRequestParser parser = new ScoreRequestParser(Clock.systemUTC());

    public ScenarioRunner(RulePack pack) {
        this(pack, null);
    }

    /** Each scenario on a store from {@code freshStore} (empty, closed after the scenario): the suite on Redis. */
    public ScenarioRunner(RulePack pack, Supplier<StateStore> freshStore) {
        this.pack = pack;
        this.freshStore = freshStore;
    }

    /**
     * Runs {@code scenario} on fresh state. Refuses it first ({@link ScenarioFile.InvalidScenario}) when an
     * expectation names a rule the pack does not have: a misspelt name in {@code notFired} never fires, so
     * the check would pass for nothing.
     */
    public Result run(Scenario scenario) {
        requireKnownRules(scenario);
        if (freshStore != null) {
            try (StateStore store = freshStore.get()) {
                return run(scenario, store);
            }
        }
        Path dir = tempDir();
        try (JournalStateStore store = JournalStateStore.openScratch(dir, Clock.systemUTC())) {
            return run(scenario, store);
        } finally {
            deleteQuietly(dir);
        }
    }

    private Result run(Scenario scenario, StateStore store) {
        Scorer scorer = new Scorer(store, () -> pack, Clock.systemUTC());
        FeedbackRecorder feedback = new FeedbackRecorder(store);
        List<Failure> failures = new ArrayList<>();
        List<Answer> answers = new ArrayList<>();
        int checked = 0;
        for (Step step : scenario.steps()) {
            if (step instanceof Step.Feedback f) {
                try {
                    feedback.record(f.eventId(), f.outcome());
                } catch (UnknownEvent | FeedbackConflict refused) {
                    failures.add(new Failure(f.label(), List.of("feedback refused: " + refused.getMessage()), "-", 0, List.of()));
                }
                continue;
            }
            Step.Event e = (Step.Event) step;
            Scored scored;
            try {
                scored = scorer.score(parser.parse(e.wire()));
            } catch (BadRequest bad) {
                failures.add(new Failure(e.label(), List.of("invalid event: " + bad.getMessage()), "-", 0, List.of()));
                continue;
            }
            List<String> fired = java.util.stream.Stream.concat(scored.decision().reasons().stream().map(Reason::rule),
                    scored.decision().staged().stream().map(r -> r.rule() + RulePack.LOG_ONLY_MARK)).toList();
            answers.add(new Answer(e.label(), scored.decision().decision().name(), scored.decision().score(), fired,
                    e.expect() != null));
            if (e.expect() != null) {
                checked++;
                List<String> mismatches = e.expect().mismatches(scored.decision());
                if (!mismatches.isEmpty()) {
                    failures.add(new Failure(e.label(), mismatches, scored.decision().decision().name(),
                            scored.decision().score(), fired));
                }
            }
        }
        return new Result(scenario, checked, failures, answers);
    }

    private void requireKnownRules(Scenario scenario) {
        for (Step step : scenario.steps()) {
            if (step instanceof Step.Event e && e.expect() != null) {
                requireKnown(e.label(), "fired", e.expect().fired());
                requireKnown(e.label(), "notFired", e.expect().notFired());
                requireKnownKinds(e.label(), "alerts", e.expect().alerts());
                requireKnownKinds(e.label(), "notAlerted", e.expect().notAlerted());
            }
        }
    }

    private void requireKnown(String label, String key, List<String> names) {
        for (String name : names) {
            if (!pack.ruleNames().contains(name)) {
                throw new ScenarioFile.InvalidScenario(label + ": expect." + key + " names \"" + name
                        + "\", which is no rule of pack " + pack.version() + RuleNames.nearest(name, pack.ruleNames()));
            }
        }
    }

    private void requireKnownKinds(String label, String key, List<String> kinds) {
        java.util.Set<String> declared = pack.alertKinds().declared();
        for (String kind : kinds) {
            if (!declared.contains(kind)) {
                throw new ScenarioFile.InvalidScenario(label + ": expect." + key + " names alert kind \"" + kind
                        + "\", which pack " + pack.version() + " does not declare (alerts.kinds)"
                        + RuleNames.nearest(kind, declared, "alert kinds", "alert kinds"));
            }
        }
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("riskgate-scenario");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a leftover temp dir is harmless
        }
    }
}
