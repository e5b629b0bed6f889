package dev.riskgate.cli;

import dev.riskgate.replay.DetectionMatrix;
import dev.riskgate.replay.DetectionReport;
import dev.riskgate.rules.RulePack;
import dev.riskgate.rules.RulePackLoader;
import dev.riskgate.rules.RulePackRejected;
import dev.riskgate.simulate.World;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "evaluate", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Measure how the pack generalises: simulate every world with every seed, warm up through import "
                + "where the world says so, replay the scored days through the pack with 30%% of attackers passing the "
                + "second factor, and report legit friction, fraud money allowed and regular smokers blocked per cell, "
                + "marked against the targets.",
                "Report seeds are held out; tune on --seeds tuning. Exits 0 even when targets are missed (it is a "
                        + "report) and prints the misses."})
final class EvaluateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--rules", paramLabel = "DIR", description = "Rule pack (default: ${DEFAULT-VALUE}).")
    Path rules = Path.of("rules");

    @Option(names = "--seeds", paramLabel = "SET", defaultValue = "report",
            description = "report (the held-out seeds 9001-9003, written to --out) or tuning (seeds 101-103, printed only).")
    String seeds;

    @Option(names = "--worlds", paramLabel = "NAME", split = ",", completionCandidates = WorldNames.class,
            description = "Worlds to run (default: all of ${COMPLETION-CANDIDATES}).")
    List<String> worlds;

    @Option(names = "--accounts", paramLabel = "N", defaultValue = "2000", description = "Accounts per cell (default: ${DEFAULT-VALUE}).")
    int accounts;

    @Option(names = "--days", paramLabel = "D", defaultValue = "30",
            description = "Scored days per cell, after a warm world's history (default: ${DEFAULT-VALUE}).")
    int days;

    @Option(names = "--phished", paramLabel = "SHARE",
            description = "Share of stepped-up attackers who pass the second factor, 0 to 1 (default: each world's, 0.3).")
    Double phished;

    @Option(names = "--threads", paramLabel = "T", defaultValue = "2", description = "Cells run at once (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--out", paramLabel = "FILE.md",
            description = "Where the report seeds' matrix goes (default: docs/detection.md; tuning seeds are never written).")
    Path out;

    @Override
    public Integer call() throws Exception {
        boolean report = switch (seeds) {
            case "report" -> true;
            case "tuning" -> false;
            default -> throw new ParameterException(spec.commandLine(), "--seeds must be report or tuning, was " + seeds);
        };
        List<World> chosen = new ArrayList<>();
        try {
            for (String name : worlds == null ? List.<String>of() : worlds) {
                chosen.add(World.named(name.trim()));
            }
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        DetectionMatrix.Plan plan;
        try {
            List<World> run = chosen.isEmpty() ? World.presets() : chosen;
            if (phished != null) {
                run = run.stream().map(w -> w.withPhishedShare(phished)).toList();
            }
            plan = new DetectionMatrix.Plan(run,
                    report ? DetectionMatrix.REPORT_SEEDS : DetectionMatrix.TUNING_SEEDS, accounts, days, threads);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        long began = System.nanoTime();
        RulePack pack;
        try {
            pack = new RulePackLoader(Clock.systemUTC()).load(rules);
        } catch (RulePackRejected e) {
            System.err.println("riskgate evaluate: the rule pack in " + rules + " was rejected\n  " + e.getMessage());
            return 2;
        }
        try (pack) {
            System.err.printf("evaluate: %d worlds × %d %s seeds, %,d accounts × %d days per cell, %d threads%n",
                    plan.worlds().size(), plan.seeds().size(), seeds, accounts, days, threads);
            List<DetectionMatrix.Cell> cells = DetectionMatrix.run(plan, pack, System.err);
            double seconds = (System.nanoTime() - began) / 1e9;
            String markdown = DetectionReport.markdown(plan, cells, pack.version(), report, seconds);
            System.out.print(markdown);
            if (report) {
                Path file = out != null ? out : Path.of("docs", "detection.md");
                if (file.getParent() != null) {
                    Files.createDirectories(file.getParent());
                }
                Files.writeString(file, markdown, StandardCharsets.UTF_8);
                System.err.printf("evaluate: wrote %s%n", file);
            }
            List<String> misses = DetectionReport.misses(cells);
            System.err.printf("evaluate: %d cells in %.0f s; %d miss a target%n", cells.size(), seconds, misses.size());
            misses.forEach(m -> System.err.println("  MISS " + m));
            return 0;
        }
    }
}
