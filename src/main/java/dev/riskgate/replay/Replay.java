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
import java.util.function.IntConsumer;

/** The replay command's work: load, run one or two packs (in parallel, each on its own state), report. */
public final class Replay {

    private Replay() {
    }

    /** Returns the process exit code: 0 done, 2 unusable input. */
    public static int run(Path eventsFile, Path rulesDir, Path compareDir, Path labelsFile, boolean json, int sample,
                          PrintStream out, PrintStream err) throws IOException {
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
        Labels labels = labelsFile == null ? null : Labels.read(labelsFile);
        EventFile.Loaded loaded = EventFile.read(eventsFile);
        List<ReplayEvent> events = loaded.events();
        err.printf("replay: %d events from %s%s%n", events.size(), eventsFile,
                loaded.refused() == 0 ? "" : " (" + loaded.refused() + " lines refused, e.g. " + loaded.firstRefusals() + ")");
        Progress progress = new Progress(events.size() * (candidate == null ? 1 : 2), err);
        try {
            CompletableFuture<PackReplay.Result[]> a = CompletableFuture.supplyAsync(
                    () -> new PackReplay(active, labels).run(events, progress::step));
            RulePack b = candidate;
            CompletableFuture<PackReplay.Result[]> c = b == null ? CompletableFuture.completedFuture(null)
                    : CompletableFuture.supplyAsync(() -> new PackReplay(b, labels).run(events, progress::step));
            PackReplay.Result[] ra = a.join();
            PackReplay.Result[] rc = c.join();
            JsonObject report = new JsonObject()
                    .put("eventsFile", eventsFile.toString())
                    .put("refusedLines", loaded.refused())
                    .put("active", ReplayReport.summarize(active.version(), events, ra, labels));
            if (rc != null) {
                report.put("candidate", ReplayReport.summarize(candidate.version(), events, rc, labels));
                report.put("comparison", ReplayReport.compare(events, ra, rc, sample));
            }
            report.put("seconds", Duration.ofNanos(System.nanoTime() - started).toMillis() / 1000.0);
            out.println(json ? report.encodePrettily() : ReplayReport.table(report));
            err.printf("replay: done in %.1f s%n", report.getDouble("seconds"));
            return 0;
        } finally {
            active.close();
            if (candidate != null) {
                candidate.close();
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
