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
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

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

    /** Runs every cell, {@code plan.threads()} at a time, and returns them in plan order (worlds, then seeds). */
    public static List<Cell> run(Plan plan, RulePack pack, PrintStream progress) throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(plan.threads(), r -> {
            Thread t = new Thread(r, "riskgate-evaluate");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<Cell>> futures = new ArrayList<>();
            for (World world : plan.worlds()) {
                for (long seed : plan.seeds()) {
                    futures.add(pool.submit(() -> {
                        Cell cell = cell(world, seed, plan.accounts(), plan.days(), pack);
                        synchronized (progress) {
                            progress.printf("evaluate: %-16s seed %-5d %,8d events in %5.1f s%s%n", world.name(), seed,
                                    cell.events(), cell.seconds(), cell.metrics().misses().isEmpty() ? "" : "  misses: "
                                            + String.join("; ", cell.metrics().misses()));
                        }
                        return cell;
                    }));
                }
            }
            List<Cell> cells = new ArrayList<>();
            for (Future<Cell> f : futures) {
                cells.add(f.get());
            }
            return cells;
        } catch (ExecutionException e) {
            throw new IllegalStateException("a cell of the matrix failed: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    /** One cell: simulate, warm up through import, replay the scored days. */
    static Cell cell(World world, long seed, int accounts, int days, RulePack pack) {
        long began = System.nanoTime();
        Simulated month = Simulated.of(world, seed, accounts, days);
        try (MemoryStateStore store = new MemoryStateStore()) {
            HistoryImport.Counts imported = HistoryImport.run(store, pack, month.history(), null);
            PackReplay.Result[] results = new PackReplay(pack, month.labels(), new StepUpAnswers(world.phishedShare(), seed))
                    .run(store, month.scored(), i -> { });
            Instant firstWeekEnd = month.settings().scoredFrom().plusDays(7).toInstant();
            CellMetrics metrics = CellMetrics.of(month.history(), month.scored(), results, 0, month.labels(), firstWeekEnd);
            return new Cell(world, seed, month.scored().size(), imported.imported(), metrics,
                    (System.nanoTime() - began) / 1e9);
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
