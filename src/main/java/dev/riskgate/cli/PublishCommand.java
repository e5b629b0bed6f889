package dev.riskgate.cli;

import dev.riskgate.rules.CompileError;
import dev.riskgate.rules.LivePack;
import dev.riskgate.rules.PackGate;
import dev.riskgate.rules.RulePack;
import dev.riskgate.rules.RulePackLoader;
import dev.riskgate.rules.RulePackRejected;
import dev.riskgate.scenarios.ScenarioGate;
import dev.riskgate.state.StateUnavailable;
import dev.riskgate.state.redis.RedisPackStore;
import dev.riskgate.state.redis.RedisStateStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "publish", mixinStandardHelpOptions = true, usageHelpWidth = 110,
        description = {"Publish a rule pack to every instance that shares a Redis (RISKGATE_RULES_SOURCE=redis).",
                "The pack is loaded exactly as serve loads it (directory check, DRL policy, compile, probe) and "
                        + "must pass every scenario file; only then is it stored in Redis under its version and made "
                        + "current, in one step. Each instance fetches it within a second or so, compiles it off the "
                        + "request path and swaps it in; answers carry the new rulesVersion. A pack that fails leaves "
                        + "the current one serving. Publishing an earlier directory again is the rollback."},
        footer = {"Exit codes: 0 published (or already current), 1 a scenario failed, 2 the pack was rejected or "
                + "a directory is missing, 3 Redis could not be reached or is not set."})
final class PublishCommand implements Callable<Integer> {

    @Option(names = "--rules", paramLabel = "DIR", description = "Rule pack directory (default: ${DEFAULT-VALUE}).")
    Path rules = Path.of("rules");

    @Option(names = "--cases", paramLabel = "DIR",
            description = "Scenario files the pack must pass (default: RISKGATE_CASES_DIR, else ./test-cases).")
    Path cases;

    @Option(names = "--redis", paramLabel = "URL", description = "redis:// or rediss:// URL (default: RISKGATE_REDIS_URL).")
    String redis;

    @Override
    public Integer call() {
        String url = redis != null ? redis : System.getenv("RISKGATE_REDIS_URL");
        if (url == null || url.isBlank()) {
            System.err.println("riskgate publish: say where to publish with --redis URL or RISKGATE_REDIS_URL");
            return 3;
        }
        try {
            RedisStateStore.where(url);
        } catch (IllegalArgumentException e) {
            System.err.println("riskgate publish: --redis URL or RISKGATE_REDIS_URL: " + e.getMessage());
            return 3;
        }
        Path casesDir = cases != null ? cases : Path.of(System.getenv().getOrDefault("RISKGATE_CASES_DIR", "test-cases"));
        if (!Files.isDirectory(casesDir)) {
            System.err.println("riskgate publish: no scenario directory at " + casesDir.toAbsolutePath().normalize()
                    + "; a pack is published only once it passes its scenario files: pass them with --cases DIR");
            return 2;
        }
        if (!Files.isDirectory(rules)) {
            System.err.println("riskgate publish: no rule pack directory at " + rules.toAbsolutePath().normalize()
                    + "; pass it with --rules DIR");
            return 2;
        }
        String version;
        Map<String, byte[]> files;
        try (RulePack pack = LivePack.loadChecked(rules, Clock.systemUTC(), PackGate.NONE)) {
            List<CompileError> failed = new ScenarioGate(casesDir).check(pack);
            if (!failed.isEmpty()) {
                System.err.println("riskgate publish: the pack in " + rules + " fails its scenario files in " + casesDir
                        + "; nothing was published\n  "
                        + String.join("\n  ", failed.stream().map(CompileError::toString).toList()));
                return 1;
            }
            version = pack.version();
            // What is published is what was checked: files edited meanwhile hash to another version.
            files = RulePackLoader.contents(rules);
            if (!RulePackLoader.versionOf(files).equals(version)) {
                System.err.println("riskgate publish: files in " + rules + " changed while the pack was checked; "
                        + "publish again once they are saved");
                return 2;
            }
        } catch (RulePackRejected e) {
            System.err.println("riskgate publish: the pack in " + rules + " was rejected; nothing was published\n  "
                    + e.getMessage());
            return 2;
        }
        try (RedisPackStore store = RedisPackStore.open(url, RedisStateStore.DEFAULT_PREFIX)) {
            String previous = store.currentVersion();
            if (version.equals(previous)) {
                System.out.println("rules " + version + " from " + rules + " are already current on " + RedisStateStore.where(url));
                return 0;
            }
            previous = store.publish(version, files);
            System.out.println("published rules " + version + " from " + rules + " to " + RedisStateStore.where(url)
                    + (previous == null ? "" : " (replacing " + previous + ")")
                    + "; instances with RISKGATE_RULES_SOURCE=redis switch to it within seconds");
            return 0;
        } catch (StateUnavailable e) {
            System.err.println("riskgate publish: " + e.getMessage() + "; nothing was published");
            return 3;
        }
    }
}
