package dev.riskgate.cli;

import dev.riskgate.rules.CompileError;
import dev.riskgate.rules.LivePack;
import dev.riskgate.rules.PackGate;
import dev.riskgate.rules.RulePack;
import dev.riskgate.rules.RulePackLoader;
import dev.riskgate.rules.RulePackRejected;
import dev.riskgate.scenarios.ScenarioFile;
import dev.riskgate.scenarios.ScenarioGate;
import dev.riskgate.state.StateUnavailable;
import dev.riskgate.state.redis.RedisPackStore;
import dev.riskgate.state.redis.RedisPackStore.Published;
import dev.riskgate.state.redis.RedisStateStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "publish", mixinStandardHelpOptions = true, usageHelpWidth = 110,
        description = {"Publish a rule pack to every instance that shares a Redis (RISKGATE_RULES_SOURCE=redis).",
                "The pack is loaded exactly as serve loads it (directory check, DRL policy, compile, probe) and "
                        + "must pass every scenario file; only then is it stored in Redis under its version and made "
                        + "current, in one step. Each instance fetches it within a second or so, compiles it off the "
                        + "request path and swaps it in; answers carry the new rulesVersion. A pack that fails leaves "
                        + "the current one serving.",
                "Redis is reached first: when it cannot be, publish fails at once, before any check runs. A "
                        + "version already stored that passed the same scenario files is made current again "
                        + "without running them twice.",
                "--list shows the versions kept, with when each was published and made current, by whom, and "
                        + "the scenario files it passed. --activate VERSION makes a kept version current again "
                        + "(the rollback); its scenario files run again only if they changed since it passed them. "
                        + "Redis keeps the " + RedisPackStore.KEEP + " versions made current most recently, the "
                        + "current one always; older ones are deleted at the next publish.",
                "--redis takes what RISKGATE_REDIS_URL takes: redis[s]://[:password@]host:port for one server, or "
                        + "redis[s]-cluster://[:password@]host:port[,host:port...] for a Redis Cluster (the pack "
                        + "keys share one slot)."},
        footer = {"Exit codes: 0 published, activated, listed (or already current), 1 a scenario failed, 2 the "
                + "pack was rejected, a directory or version is missing, 3 Redis could not be reached or is not set."})
final class PublishCommand implements Callable<Integer> {

    @Option(names = "--rules", paramLabel = "DIR", description = "Rule pack directory (default: ${DEFAULT-VALUE}).")
    Path rules = Path.of("rules");

    @Option(names = "--cases", paramLabel = "DIR",
            description = "Scenario files the pack must pass (default: RISKGATE_CASES_DIR, else ./test-cases).")
    Path cases;

    @Option(names = "--redis", paramLabel = "URL",
            description = "Redis or Redis Cluster URL, as RISKGATE_REDIS_URL (default: RISKGATE_REDIS_URL).")
    String redis;

    @Option(names = "--list", description = "List the published versions kept in Redis, and exit.")
    boolean list;

    @Option(names = "--activate", paramLabel = "VERSION", description = "Make a kept version current again (rollback).")
    String activate;

    @Option(names = "--by", paramLabel = "NAME",
            description = "Who publishes, recorded with the version (default: user@host).")
    String by;

    /** Why a pack may not be made current: the exit code, the message already printed. */
    private static final class Refused extends Exception {
        final int exit;

        Refused(int exit) {
            super(null, null, false, false);
            this.exit = exit;
        }
    }

    @Override
    public Integer call() {
        String url = redis != null ? redis : System.getenv("RISKGATE_REDIS_URL");
        if (url == null || url.isBlank()) {
            System.err.println("riskgate publish: say where to publish with --redis URL or RISKGATE_REDIS_URL");
            return 3;
        }
        String where;
        try {
            where = RedisStateStore.where(url);
        } catch (IllegalArgumentException e) {
            System.err.println("riskgate publish: --redis URL or RISKGATE_REDIS_URL: " + e.getMessage());
            return 3;
        }
        // Redis before any check: a publish that cannot reach it fails in seconds, not after the scenarios.
        try (RedisPackStore store = RedisPackStore.open(url, RedisStateStore.DEFAULT_PREFIX)) {
            String current = store.currentVersion();
            if (list) {
                return list(store, current, where);
            }
            Path casesDir = cases != null ? cases : Path.of(System.getenv().getOrDefault("RISKGATE_CASES_DIR", "test-cases"));
            if (!Files.isDirectory(casesDir)) {
                System.err.println("riskgate publish: no scenario directory at " + casesDir.toAbsolutePath().normalize()
                        + "; a pack is made current only once it passes its scenario files: pass them with --cases DIR");
                return 2;
            }
            String casesVersion = ScenarioGate.casesVersion(casesDir);
            return activate != null ? activate(store, current, where, casesDir, casesVersion)
                    : publish(store, current, where, casesDir, casesVersion);
        } catch (StateUnavailable e) {
            System.err.println("riskgate publish: " + e.getMessage() + "; nothing was published");
            return 3;
        } catch (Refused e) {
            return e.exit;
        } catch (IOException e) {
            System.err.println("riskgate publish: " + e.getMessage());
            return 2;
        }
    }

    private int publish(RedisPackStore store, String current, String where, Path casesDir, String casesVersion)
            throws Refused {
        if (!Files.isDirectory(rules)) {
            System.err.println("riskgate publish: no rule pack directory at " + rules.toAbsolutePath().normalize()
                    + "; pass it with --rules DIR");
            return 2;
        }
        Map<String, byte[]> files = RulePackLoader.contents(rules);
        String version = RulePackLoader.versionOf(files);
        if (version.equals(current)) {
            System.out.println("rules " + version + " from " + rules + " are already current on " + where);
            return 0;
        }
        Published stored = store.version(version);
        if (stored != null && stored.casesVersion().equals(casesVersion)) {
            String previous = store.activate(version, now(), null, null);
            System.out.println("rules " + version + " from " + rules + " were published to " + where + " at "
                    + stored.publishedAt() + " by " + stored.publisher() + " and " + stored.scenarios()
                    + "; the scenario files are unchanged, so they were not run again. Made current again"
                    + replacing(previous));
            return 0;
        }
        String scenarios = check(rules, casesDir, casesVersion, "the pack in " + rules);
        // What is published is what was checked: files edited meanwhile hash to another version.
        if (!RulePackLoader.versionOf(rules).equals(version)) {
            System.err.println("riskgate publish: files in " + rules + " changed while the pack was checked; "
                    + "publish again once they are saved");
            return 2;
        }
        String previous = store.publish(version, files, now(), publisher(), scenarios, casesVersion);
        System.out.println("published rules " + version + " from " + rules + " to " + where + replacing(previous)
                + "; instances with RISKGATE_RULES_SOURCE=redis switch to it within seconds");
        return 0;
    }

    private int activate(RedisPackStore store, String current, String where, Path casesDir, String casesVersion)
            throws Refused, IOException {
        if (activate.equals(current)) {
            System.out.println("rules " + activate + " are already current on " + where);
            return 0;
        }
        Map<String, byte[]> files = store.files(activate);
        if (files.isEmpty()) {
            System.err.println("riskgate publish: " + where + " keeps no rule pack version '" + activate
                    + "'; riskgate publish --list shows the versions kept");
            return 2;
        }
        Published stored = store.version(activate);
        String scenarios = null;
        if (stored == null || !stored.casesVersion().equals(casesVersion)) {
            // The scenario files changed since this version passed them (or it predates the records): check again.
            Path dir = Files.createTempDirectory("riskgate-activate-");
            try {
                for (Map.Entry<String, byte[]> file : files.entrySet()) {
                    if (!RulePackLoader.packFileName(file.getKey())) {
                        System.err.println("riskgate publish: the stored pack " + activate + " holds '" + file.getKey()
                                + "', not a pack file name; refused");
                        return 2;
                    }
                    Files.write(dir.resolve(file.getKey()), file.getValue());
                }
                scenarios = check(dir, casesDir, casesVersion, "the stored pack " + activate);
            } finally {
                delete(dir);
            }
        }
        String previous = store.activate(activate, now(), scenarios, scenarios == null ? null : casesVersion);
        System.out.println("rules " + activate + " made current on " + where + replacing(previous) + "; "
                + (scenarios == null ? "it " + stored.scenarios() + ", unchanged since, so they were not run again"
                        : "it " + scenarios + " again (the scenario files changed since it was published)")
                + "; instances with RISKGATE_RULES_SOURCE=redis switch to it within seconds");
        return 0;
    }

    private static int list(RedisPackStore store, String current, String where) {
        List<Published> versions = store.versions();
        if (versions.isEmpty() && current == null) {
            System.out.println("no rule pack has been published to " + where);
            return 0;
        }
        System.out.printf("%-14s %-22s %-22s %-24s %s%n", "VERSION", "PUBLISHED", "MADE CURRENT", "BY", "SCENARIOS");
        boolean currentListed = false;
        for (Published p : versions) {
            boolean isCurrent = p.version().equals(current);
            currentListed |= isCurrent;
            System.out.printf("%-14s %-22s %-22s %-24s %s%n", p.version() + (isCurrent ? " *" : ""),
                    shown(p.publishedAt()), shown(p.activatedAt()), p.publisher(), p.scenarios());
        }
        if (current != null && !currentListed) {
            System.out.printf("%-14s %s%n", current + " *", "(published before versions were recorded)");
        }
        System.out.println("* current on " + where + ". Kept: the " + RedisPackStore.KEEP
                + " versions made current most recently, the current one always; older ones are deleted at the "
                + "next publish. Roll back with: riskgate publish --activate VERSION");
        return 0;
    }

    /** Checks the pack in {@code dir} as serve would, then against the scenario files; returns what it passed. */
    private static String check(Path dir, Path casesDir, String casesVersion, String what) throws Refused {
        try (RulePack pack = LivePack.loadChecked(dir, Clock.systemUTC(), PackGate.NONE)) {
            List<CompileError> failed = new ScenarioGate(casesDir).check(pack);
            if (!failed.isEmpty()) {
                System.err.println("riskgate publish: " + what + " fails its scenario files in " + casesDir
                        + "; nothing was published\n  "
                        + String.join("\n  ", failed.stream().map(CompileError::toString).toList()));
                throw new Refused(1);
            }
            return "passed " + ScenarioFile.find(casesDir).size() + " scenario files (" + casesVersion + ")";
        } catch (RulePackRejected e) {
            System.err.println("riskgate publish: " + what + " was rejected; nothing was published\n  " + e.getMessage());
            throw new Refused(2);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String publisher() {
        if (by != null && !by.isBlank()) {
            return by;
        }
        String host = System.getenv("HOSTNAME");
        return System.getProperty("user.name") + (host == null || host.isBlank() ? "" : "@" + host);
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.SECONDS);
    }

    private static String shown(Instant at) {
        return at == null ? "-" : at.toString();
    }

    private static String replacing(String previous) {
        return previous == null ? "" : " (replacing " + previous + ")";
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
