package dev.riskgate.replay;

import dev.riskgate.event.ScoreRequest;
import dev.riskgate.rules.RulePack;
import dev.riskgate.simulate.EventStreamWriter;
import dev.riskgate.simulate.SimEvent;
import dev.riskgate.simulate.SimulationSettings;
import dev.riskgate.simulate.WalletSimulator;
import dev.riskgate.simulate.World;
import dev.riskgate.state.memory.MemoryStateStore;
import java.io.PrintStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BiFunction;

/**
 * How well a pack generalises: every world simulated with every seed, each cell on its own state.
 * A cell simulates its world, loads a warm world's history through {@link HistoryImport}, then replays
 * the scored days through the pack with the world's share of attackers passing the second factor.
 * Report seeds are held out: nobody tunes the pack on them.
 */
public final class DetectionMatrix {

    /** Seeds for tuning the pack: look at these as often as you like. */
    public static final List<Long> TUNING_SEEDS = List.of(101L, 102L, 103L);
    /** Seeds the report uses: never look at them while tuning. */
    public static final List<Long> REPORT_SEEDS = List.of(9001L, 9002L, 9003L);

    /** What to run: the worlds, seeds, and size of each cell (scored days, after any warm-up days). */
    public record Plan(List<World> worlds, List<Long> seeds, int accounts, int days, int threads) {
        public Plan {
            worlds = List.copyOf(worlds);
            seeds = List.copyOf(seeds);
            if (worlds.isEmpty() || seeds.isEmpty()) {
                throw new IllegalArgumentException("a matrix needs at least one world and one seed");
            }
            if (days < 1) {
                throw new IllegalArgumentException("days must be at least 1, was " + days);
            }
            if (threads < 1 || threads > 64) {
                throw new IllegalArgumentException("threads must be in the range [1, 64], was " + threads);
            }
        }
    }

    /** One world under one seed. */
    public record Cell(World world, long seed, long events, long imported, CellMetrics metrics, double seconds) {
    }

    private DetectionMatrix() {
    }

    /**
     * Two packs on the same cells: each cell is simulated once and replayed through each pack on its own
     * warmed-up state. {@code active} and {@code candidate} are the cells as each pack scored them, in plan
     * order; the comparisons are summed per world (without examples) and over all cells.
     */
    public record Compared(List<Cell> active, List<Cell> candidate, Map<World, PackComparison> byWorld,
                           PackComparison all) {
    }

    /** Runs every cell, {@code plan.threads()} at a time, and returns them in plan order (worlds, then seeds). */
    public static List<Cell> run(Plan plan, RulePack pack, PrintStream progress) throws InterruptedException {
        return each(plan, (world, seed) -> {
            long began = System.nanoTime();
            Cell cell = replay(Simulated.of(world, seed, plan.accounts(), plan.days()), world, seed, pack, began).cell();
            report(progress, cell, "");
            return cell;
        });
    }

    /** Runs every cell through both packs; {@code sample}: changed decisions kept as examples, over all cells. */
    public static Compared compare(Plan plan, RulePack active, RulePack candidate, int sample, PrintStream progress)
            throws InterruptedException {
        record Pair(Cell active, Cell candidate, PackComparison comparison) {
        }
        List<Pair> pairs = each(plan, (world, seed) -> {
            long began = System.nanoTime();
            Simulated month = Simulated.of(world, seed, plan.accounts(), plan.days());
            Scored a = replay(month, world, seed, active, began);
            Scored b = replay(month, world, seed, candidate, began);
            PackComparison comparison = new PackComparison(sample)
                    .add(world.name() + "/" + seed, month.scored(), a.results(), b.results(), month.labels(), 0);
            report(progress, b.cell(), String.format("; decisions changed %d", comparison.json().getLong("changed")));
            return new Pair(a.cell(), b.cell(), comparison);
        });
        Map<World, PackComparison> byWorld = new LinkedHashMap<>();
        PackComparison all = new PackComparison(sample);
        for (Pair p : pairs) {
            byWorld.computeIfAbsent(p.active().world(), w -> new PackComparison(0)).absorb(p.comparison());
            all.absorb(p.comparison());
        }
        return new Compared(pairs.stream().map(Pair::active).toList(), pairs.stream().map(Pair::candidate).toList(),
                byWorld, all);
    }

    private static void report(PrintStream progress, Cell cell, String more) {
        synchronized (progress) {
            progress.printf("evaluate: %-16s seed %-5d %,8d events in %5.1f s%s%s%n", cell.world().name(), cell.seed(),
                    cell.events(), cell.seconds(), more, cell.metrics().misses().isEmpty() ? "" : "  misses: "
                            + String.join("; ", cell.metrics().misses()));
        }
    }

    /** Runs {@code work} for every world and seed of the plan, {@code plan.threads()} at a time, in plan order. */
    private static <T> List<T> each(Plan plan, BiFunction<World, Long, T> work) throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(plan.threads(), r -> {
            Thread t = new Thread(r, "riskgate-evaluate");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (World world : plan.worlds()) {
                for (long seed : plan.seeds()) {
                    futures.add(pool.submit(() -> work.apply(world, seed)));
                }
            }
            List<T> done = new ArrayList<>();
            for (Future<T> f : futures) {
                done.add(f.get());
            }
            return done;
        } catch (ExecutionException e) {
            throw new IllegalStateException("a cell of the matrix failed: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    /** One cell as one pack scored it, and each scored event's result. */
    private record Scored(Cell cell, PackReplay.Result[] results) {
    }

    /** Warms up a fresh store through import, then replays the scored days through {@code pack}. */
    private static Scored replay(Simulated month, World world, long seed, RulePack pack, long began) {
        try (MemoryStateStore store = new MemoryStateStore()) {
            HistoryImport.Counts imported = HistoryImport.run(store, pack, month.history(), null);
            PackReplay.Result[] results = new PackReplay(pack, month.labels(), new StepUpAnswers(world.phishedShare(), seed))
                    .run(store, month.scored(), i -> { });
            Instant firstWeekEnd = month.settings().scoredFrom().plusDays(7).toInstant();
            CellMetrics metrics = CellMetrics.of(month.history(), month.scored(), results, 0, month.labels(), firstWeekEnd);
            return new Scored(new Cell(world, seed, month.scored().size(), imported.imported(), metrics,
                    (System.nanoTime() - began) / 1e9), results);
        }
    }

    /**
     * A simulated world split where scoring starts: the warm-up days' events (history to import) and the
     * scored ones, with the ground truth of the scored ones.
     */
    record Simulated(SimulationSettings settings, List<ReplayEvent> history, List<ReplayEvent> scored, Labels labels) {

        static Simulated of(World world, long seed, int accounts, int days) {
            SimulationSettings settings = new SimulationSettings(accounts, world.warmDays() + days, seed,
                    SimulationSettings.DEFAULT_START, world);
            List<ReplayEvent> history = new ArrayList<>();
            List<ReplayEvent> scored = new ArrayList<>();
            Map<String, Labels.Label> labels = new HashMap<>();
            long scoredFrom = settings.scoredFrom().toEpochSecond();
            long[] n = {0};
            new WalletSimulator(settings).run((SimEvent e) -> {
                ScoreRequest req = e.toRequest(EventStreamWriter.eventId(seed, ++n[0]));
                ReplayEvent event = new ReplayEvent(req, List.of());
                if (e.at() < scoredFrom) {
                    history.add(event);
                } else {
                    scored.add(event);
                    labels.put(req.eventId(), new Labels.Label(e.fraud(), e.fraud() ? e.campaign().label() : "",
                            e.segment().label(), e.traits()));
                }
            });
            return new Simulated(settings, history, scored, Labels.of(labels));
        }
    }
}
