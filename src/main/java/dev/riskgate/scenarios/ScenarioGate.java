package dev.riskgate.scenarios;

import dev.riskgate.rules.CompileError;
import dev.riskgate.rules.PackGate;
import dev.riskgate.rules.RulePack;
import dev.riskgate.rules.RulePackLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A candidate pack serves only if every scenario file still passes against it: the cases are what the
 * analysts agreed the pack must do, so a parameter edit that lets a takeover through is refused at
 * reload like a typo, with the scenario, the step and what the pack answered instead. The files are read
 * at every check, so edited cases apply to the next reload.
 */
public final class ScenarioGate implements PackGate {

    private final Path casesDir;

    public ScenarioGate(Path casesDir) {
        this.casesDir = casesDir;
    }

    @Override
    public List<CompileError> check(RulePack candidate) {
        if (!Files.isDirectory(casesDir)) {
            return List.of(new CompileError(casesDir.toAbsolutePath().normalize().toString(), null, null, "no scenario directory here, "
                    + "and every pack must pass the scenario files before it serves: set RISKGATE_CASES_DIR to their "
                    + "directory, or to 'none' to serve packs unchecked"));
        }
        List<Path> files;
        try {
            files = ScenarioFile.find(casesDir);
        } catch (IOException e) {
            return List.of(new CompileError(casesDir.toString(), null, null, "scenario files unreadable: " + e));
        }
        if (files.isEmpty()) {
            return List.of(new CompileError(casesDir.toString(), null, null, "no scenario files (*.yaml) to check the pack against"));
        }
        ScenarioRunner runner = new ScenarioRunner(candidate);
        List<CompileError> errors = new ArrayList<>();
        for (Path file : files) {
            String shown = shown(file);
            Scenario scenario;
            ScenarioRunner.Result result;
            try {
                scenario = ScenarioFile.load(file);
                result = runner.run(scenario);
            } catch (ScenarioFile.InvalidScenario e) {
                errors.add(new CompileError(shown, null, null, "invalid scenario: " + e.getMessage()));
                continue;
            }
            for (ScenarioRunner.Failure f : result.failures()) {
                errors.add(new CompileError(shown, null, scenario.name(), f.step() + ": " + String.join("; ", f.mismatches())
                        + " (actual: " + f.decision() + " score " + f.score() + ", fired " + f.fired() + ")"));
            }
        }
        return errors;
    }

    /**
     * The content hash of the scenario files under {@code dir} (the pack's hash, over their paths inside
     * it): a pack that passed files with this hash passes them again, so a republish or a rollback need
     * not run them twice.
     */
    public static String casesVersion(Path dir) throws IOException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (Path file : ScenarioFile.find(dir)) {
            files.put(dir.relativize(file).toString(), Files.readAllBytes(file));
        }
        return RulePackLoader.versionOf(files);
    }

    /** The content hash of every scenario file, by path: an edit, an added or a removed file changes it. */
    @Override
    public String fingerprint() {
        if (!Files.isDirectory(casesDir)) {
            return "missing";
        }
        try {
            return casesVersion(casesDir);
        } catch (IOException e) {
            return "unreadable: " + e.getMessage();
        }
    }

    /** "test-cases/velocity.yaml": the cases directory's own name, then the path inside it. */
    private String shown(Path file) {
        Path name = casesDir.toAbsolutePath().normalize().getFileName();
        Path inside = casesDir.relativize(file);
        return name == null ? inside.toString() : name.resolve(inside).toString();
    }
}
