package dev.riskgate.cli;

import dev.riskgate.rules.RulePack;
import dev.riskgate.rules.RulePackLoader;
import dev.riskgate.rules.RulePackRejected;
import dev.riskgate.scenarios.Scenario;
import dev.riskgate.scenarios.ScenarioFile;
import dev.riskgate.scenarios.ScenarioRunner;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "test", mixinStandardHelpOptions = true,
        description = {"Run the scenario files against a rule pack and print a pass/fail table.",
                "Exits 1 when any scenario fails, 2 when the pack or a file cannot be loaded.",
                "Same runner as the JUnit suite, so CI and analysts agree."})
final class TestCommand implements Callable<Integer> {

    @Option(names = "--rules", paramLabel = "DIR", description = "Rule pack directory (default: ${DEFAULT-VALUE}).")
    Path rules = Path.of("rules");

    @Option(names = {"-v", "--verbose"}, description = "Print what the pack answered at every event step, checked or not.")
    boolean verbose;

    @Parameters(index = "0", arity = "0..1", paramLabel = "CASES_DIR",
            description = "Directory of scenario *.yaml files, or one file (default: ${DEFAULT-VALUE}).")
    Path cases = Path.of("test-cases");

    @Override
    public Integer call() throws Exception {
        PrintStream out = System.out;
        // The defaults are relative: run outside the repository root and they point at nothing.
        if (!Files.exists(cases)) {
            System.err.println("riskgate test: no scenario files at " + cases.toAbsolutePath().normalize()
                    + "; pass the scenario directory as CASES_DIR");
            return 2;
        }
        if (!Files.isDirectory(rules)) {
            System.err.println("riskgate test: no rule pack directory at " + rules.toAbsolutePath().normalize()
                    + "; pass it with --rules DIR");
            return 2;
        }
        List<Path> files = Files.isDirectory(cases) ? ScenarioFile.find(cases) : List.of(cases);
        if (files.isEmpty()) {
            System.err.println("riskgate test: no scenario files in " + cases);
            return 2;
        }
        RulePack pack;
        try {
            pack = new RulePackLoader(Clock.systemUTC()).load(rules);
        } catch (RulePackRejected e) {
            System.err.println("riskgate test: the rule pack in " + rules + " was rejected\n  " + e.getMessage());
            return 2;
        }
        int failed = 0;
        int steps = 0;
        try (pack) {
            ScenarioRunner runner = new ScenarioRunner(pack);
            out.printf("rules %s (%s), %d scenario files%n", pack.version(), rules, files.size());
            pack.warnings().forEach(w -> out.println("warning: " + w));
            out.println();
            out.printf("%-6s %-7s %s%n", "result", "checked", "scenario");
            for (Path file : files) {
                Scenario scenario;
                ScenarioRunner.Result result;
                try {
                    scenario = ScenarioFile.load(file);
                    result = runner.run(scenario);
                } catch (ScenarioFile.InvalidScenario e) {
                    out.printf("%-6s %-7s %s%n    %s%n", "ERROR", "-", file.getFileName(), e.getMessage());
                    failed++;
                    continue;
                }
                steps += result.checked();
                out.printf("%-6s %-7d %s — %s%n", result.passed() ? "pass" : "FAIL", result.checked(),
                        file.getFileName(), scenario.name());
                if (verbose) {
                    result.answers().forEach(a -> out.println("    " + a));
                }
                for (ScenarioRunner.Failure f : result.failures()) {
                    out.println("    " + f.toString().replace("\n", "\n    "));
                }
                if (!result.passed()) {
                    failed++;
                }
            }
        }
        out.printf("%n%d passed, %d failed (%d checked steps)%n", files.size() - failed, failed, steps);
        return failed == 0 ? 0 : 1;
    }
}
