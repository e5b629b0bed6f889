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
                        + "report) and prints the misses. Writes to standard output unless --out names a file."})
final class EvaluateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--rules", paramLabel = "DIR", description = "Rule pack (default: ${DEFAULT-VALUE}).")
    Path rules = Path.of("rules");

    @Option(names = "--seeds", paramLabel = "SET", defaultValue = "report",
            description = "report (the held-out seeds 9001-9003) or tuning (seeds 101-103: tune on these).")
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
            description = "Share of stepped-up attackers who pass the second factor with a phished code, 0 to 1 "
                    + "(default: each world's, 0.3, as replay's). The report's header states it.")
    Double phished;

    @Option(names = "--threads", paramLabel = "T", defaultValue = "2", description = "Cells run at once (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--compare", paramLabel = "CANDIDATE_RULES_DIR",
            description = "A candidate pack to run beside --rules on the same cells: prints what it adds, per changed "
                    + "rule and for the whole pack, as replay --compare does, instead of the matrix.")
    Path compare;

    @Option(names = "--sample", paramLabel = "N", defaultValue = "10",
            description = "Changed decisions to show with --compare (default: ${DEFAULT-VALUE}).")
    int sample;

    @Option(names = "--out", paramLabel = "FILE.md",
            description = "Write the report to this file instead of standard output. Only bench/detection.sh writes "
                    + "docs/detection.md.")
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
        if (sample < 0) {
            throw new ParameterException(spec.commandLine(), "--sample must be 0 or more, was " + sample);
        }
        long began = System.nanoTime();
        RulePackLoader loader = new RulePackLoader(Clock.systemUTC());
        RulePack pack;
        RulePack candidate = null;
        try {
            pack = loader.load(rules);
            if (compare != null) {
                candidate = loader.load(compare);
            }
        } catch (RulePackRejected e) {
            System.err.println("riskgate evaluate: a rule pack was rejected\n  " + e.getMessage());
            return 2;
        }
        try (pack; RulePack other = candidate) {
            System.err.printf("evaluate: %d worlds × %d %s seeds, %,d accounts × %d days per cell, %d threads%s%n",
                    plan.worlds().size(), plan.seeds().size(), seeds, accounts, days, threads,
                    other == null ? "" : ", two packs");
            String markdown;
            List<DetectionMatrix.Cell> cells;
            if (other == null) {
                cells = DetectionMatrix.run(plan, pack, System.err);
                markdown = DetectionReport.markdown(plan, cells, pack.version(), report, seconds(began));
            } else {
                DetectionMatrix.Compared compared = DetectionMatrix.compare(plan, pack, other, sample, System.err);
                cells = compared.candidate();
                markdown = DetectionReport.comparison(plan, compared, pack.version(), other.version(), report,
                        seconds(began));
            }
            if (out == null) {
                System.out.print(markdown);
            } else {
                if (out.getParent() != null) {
                    Files.createDirectories(out.getParent());
                }
                Files.writeString(out, markdown, StandardCharsets.UTF_8);
                System.err.printf("evaluate: wrote %s%n", out);
            }
            List<String> misses = DetectionReport.misses(cells);
            System.err.printf("evaluate: %d cells in %.0f s; %d miss a target%s%n", cells.size(), seconds(began),
                    misses.size(), other == null ? "" : " with the candidate");
            misses.forEach(m -> System.err.println("  MISS " + m));
            return 0;
        }
    }

    private static double seconds(long began) {
        return (System.nanoTime() - began) / 1e9;
    }
}
