package dev.riskgate.replay;

import dev.riskgate.rules.RulePack;
import dev.riskgate.rules.RulePackLoader;
import dev.riskgate.rules.RulePackRejected;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/** The replay command's work: load, run one or two packs (in parallel, each on its own state), report. */
public final class Replay {

    private Replay() {
    }

    /** Returns the process exit code: 0 done, 2 unusable input. */
    public static int run(Path eventsFile, Path rulesDir, Path compareDir, Path labelsFile, boolean json, int sample,
                          Path decisionsFile, java.time.OffsetDateTime reportFrom, StepUpAnswers answers,
                          PrintStream out, PrintStream err)
            throws IOException {
        long started = System.nanoTime();
        RulePackLoader loader = new RulePackLoader(Clock.systemUTC());
        RulePack active;
        RulePack candidate = null;
        try {
            active = loader.load(rulesDir);
            if (compareDir != null) {
                candidate = loader.load(compareDir);
            }
        } catch (RulePackRejected e) {
            err.println("riskgate replay: a rule pack was rejected\n  " + e.getMessage());
            return 2;
        }
        EventFile.Loaded loaded = EventFile.read(eventsFile);
        List<ReplayEvent> events = loaded.events();
        err.printf("replay: %d events from %s%s%n", events.size(), eventsFile,
                loaded.refused() == 0 ? "" : " (" + loaded.refused() + " lines refused, e.g. " + loaded.firstRefusals() + ")");
        try {
            HistoryImport.requireCurrencies(active, events);
            if (candidate != null) {
                HistoryImport.requireCurrencies(candidate, events);
            }
        } catch (IllegalArgumentException e) {
            err.println("riskgate replay: " + e.getMessage());
            active.close();
            if (candidate != null) {
                candidate.close();
            }
            return 2;
        }
        Labels given = labelsFile == null ? null : Labels.read(labelsFile);
        String labelsFrom = labelsFile == null ? "none" : labelsFile.toString();
        if (given == null) {
            // A decision log carries the feedback given live: with no labels file, that is the ground truth.
            Labels fromFeedback = Labels.fromFeedback(events);
            err.printf("replay: no labels file; %d of %d events labelled from the stream's feedback (%d fraud: FRAUD or "
                            + "STEP_UP_FAILED; %d legit: LEGIT or STEP_UP_PASSED)%n", fromFeedback.size(), events.size(),
                    fromFeedback.fraudCount(), fromFeedback.size() - fromFeedback.fraudCount());
            if (fromFeedback.size() > 0) {
                given = fromFeedback;
                labelsFrom = "feedback";
            }
        }
        Labels labels = given;
        int from = 0;
        if (reportFrom != null) {
            while (from < events.size() && events.get(from).request().occurredAt().isBefore(reportFrom)) {
                from++;
            }
            err.printf("replay: %d events before %s build history only; the report counts the %d after%n",
                    from, reportFrom, events.size() - from);
        }
        int reportStart = from;
        Progress progress = new Progress(events.size() * (candidate == null ? 1 : 2), err);
        try {
            PackReplay activeRun = new PackReplay(active, labels, answers);
            CompletableFuture<PackReplay.Result[]> a = CompletableFuture.supplyAsync(
                    () -> activeRun.run(events, progress::step));
            RulePack b = candidate;
            CompletableFuture<PackReplay.Result[]> c = b == null ? CompletableFuture.completedFuture(null)
                    : CompletableFuture.supplyAsync(() -> new PackReplay(b, labels, answers).run(events, progress::step));
            PackReplay.Result[] ra = a.join();
            PackReplay.Result[] rc = c.join();
            JsonObject report = new JsonObject()
                    .put("eventsFile", eventsFile.toString())
                    .put("refusedLines", loaded.refused())
                    .put("phishedShare", answers.phishedShare())
                    .put("labelsFrom", labelsFrom)
                    .put("labelledEvents", labels == null ? 0 : labels.size())
                    .put("active", ReplayReport.summarize(active.version(), events, ra, labels, reportStart))
                    .put("unrecognisedCategories", ReplayReport.unrecognised(activeRun.unrecognisedCategories));
            if (rc != null) {
                report.put("candidate", ReplayReport.summarize(candidate.version(), events, rc, labels, reportStart));
                report.put("comparison", new PackComparison(sample).add("", events, ra, rc, labels, reportStart).json());
            }
            if (decisionsFile != null) {
                writeDecisions(decisionsFile, events, ra, rc, labels);
            }
            report.put("seconds", Duration.ofNanos(System.nanoTime() - started).toMillis() / 1000.0);
            out.println(json ? report.encodePrettily() : ReplayReport.table(report));
            int n = Math.max(1, events.size());
            err.printf("replay: done in %.1f s; per event: state read %d µs, rules %d µs, state write %d µs%n",
                    report.getDouble("seconds"), activeRun.stageNanos[0] / n / 1000, activeRun.stageNanos[1] / n / 1000,
                    activeRun.stageNanos[2] / n / 1000);
            return 0;
        } finally {
            active.close();
            if (candidate != null) {
                candidate.close();
            }
        }
    }

    private static void writeDecisions(Path file, List<ReplayEvent> events, PackReplay.Result[] active,
                                       PackReplay.Result[] candidate, Labels labels) throws IOException {
        try (java.io.BufferedWriter w = java.nio.file.Files.newBufferedWriter(file)) {
            for (int i = 0; i < events.size(); i++) {
                dev.riskgate.event.ScoreRequest r = events.get(i).request();
                Boolean fraud = labels == null ? null : labels.isFraud(r.eventId());
                JsonObject line = new JsonObject().put("eventId", r.eventId()).put("type", r.type().wireName())
                        .put("accountId", r.accountId()).put("amount", r.amount())
                        .put("label", fraud == null ? null : fraud ? "fraud" : "legit")
                        .put("decision", active[i].verdict().name()).put("score", active[i].score())
                        .put("rules", new io.vertx.core.json.JsonArray(active[i].rules()));
                if (candidate != null) {
                    line.put("candidateDecision", candidate[i].verdict().name()).put("candidateScore", candidate[i].score())
                            .put("candidateRules", new io.vertx.core.json.JsonArray(candidate[i].rules()));
                }
                w.write(line.encode());
                w.newLine();
            }
        }
    }

    /** Progress on stderr every ~5%, shared by both packs' threads. */
    private static final class Progress {
        private final int total;
        private final PrintStream err;
        private final AtomicInteger done = new AtomicInteger();
        private final long start = System.nanoTime();
        private final int every;

        Progress(int total, PrintStream err) {
            this.total = total;
            this.err = err;
            this.every = Math.max(10_000, total / 20);
        }

        void step(int ignored) {
            int n = done.incrementAndGet();
            if (n % every == 0 || n == total) {
                double secs = (System.nanoTime() - start) / 1e9;
                double rate = n / Math.max(secs, 1e-9);
                err.printf("replay: %,d/%,d (%.0f%%), %,.0f events/s, eta %.0f s%n", n, total, 100.0 * n / total, rate,
                        (total - n) / rate);
            }
        }
    }
}
