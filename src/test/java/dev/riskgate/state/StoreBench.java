package dev.riskgate.state;

import dev.riskgate.TestPaths;
import dev.riskgate.event.EventType;
import dev.riskgate.event.LineItem;
import dev.riskgate.event.ScoreRequest;
import dev.riskgate.rules.RulePack;
import dev.riskgate.rules.RulePackLoader;
import dev.riskgate.scoring.Scored;
import dev.riskgate.scoring.Scorer;
import dev.riskgate.state.embedded.JournalStateStore;
import dev.riskgate.state.memory.MemoryStateStore;
import dev.riskgate.state.redis.RedisCluster;
import dev.riskgate.state.redis.RedisServer;
import dev.riskgate.state.redis.RedisStateStore;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * A one-minute, in-process measure of decisions through {@link Scorer}: N decisions on M accounts (M/4
 * devices, 50 stores) from T threads, with the shipped pack and with a one-rule pack, on each store.
 * Prints decisions/s, CPU µs per decision and wall µs per stage (read, rules, write); for the journal
 * store also bytes written per decision and the restart time. Not a test (no timed assertions):
 * <pre>
 * mvn -q -o test-compile dependency:build-classpath -Dmdep.outputFile=cp.txt
 * java -cp target/test-classes:target/classes:$(cat cp.txt) dev.riskgate.state.StoreBench 20000 5000 4 [memory,journal,redis,redis-cluster]
 * </pre>
 * The redis store runs against a redis-server the bench starts on a free loopback port (no persistence),
 * on the same machine, so its figures include Redis's own CPU; redis-cluster against three masters
 * ({@code RedisCluster}), also on this machine.
 */
public final class StoreBench {

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 40_000;
        int accounts = args.length > 1 ? Integer.parseInt(args[1]) : 5_000;
        int threads = args.length > 2 ? Integer.parseInt(args[2]) : 4;
        String only = args.length > 3 ? args[3] : "";
        RulePack shipped = new RulePackLoader(Clock.systemUTC()).load(TestPaths.rules());
        RulePack tiny = new RulePackLoader(Clock.systemUTC()).load(tinyPack());
        for (String storeName : List.of("memory", "journal", "redis", "redis-cluster")) {
            for (String packName : List.of("shipped", "one-rule")) {
                if (!only.isEmpty() && !List.of(only.split(",")).contains(storeName)) {
                    continue;
                }
                RulePack pack = packName.equals("shipped") ? shipped : tiny;
                Path dir = Files.createTempDirectory("riskgate-bench");
                try (StateStore store = open(storeName, dir)) {
                    run(storeName, packName, store, pack, Math.min(n, 5_000), accounts, threads, true);
                    run(storeName, packName, store, pack, n, accounts, threads, false);
                    if (storeName.equals("journal")) {
                        System.out.printf("         journal on disk before checkpoint: %.0f bytes per decision%n",
                                (double) size(dir) / (n + Math.min(n, 5_000)));
                    }
                }
                if (storeName.equals("journal")) {
                    long start = System.nanoTime();
                    try (StateStore reopened = open(storeName, dir)) {
                        System.out.printf("         restart from its checkpoint (%.1f MB): %.0f ms%n",
                                size(dir) / 1e6, (System.nanoTime() - start) / 1e6);
                    }
                }
            }
        }
    }

    private static long size(Path dir) throws java.io.IOException {
        try (var files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }

    private static RedisServer redis;
    private static RedisCluster cluster;

    private static StateStore open(String name, Path dir) throws Exception {
        return switch (name) {
            case "memory" -> new MemoryStateStore();
            case "redis" -> {
                if (redis == null) {
                    redis = RedisServer.start(Files.createTempDirectory("riskgate-bench-redis"));
                    Runtime.getRuntime().addShutdownHook(new Thread(redis::close));
                }
                yield RedisStateStore.open(redis.url(), "bench-" + dir.getFileName() + ":");
            }
            case "redis-cluster" -> {
                if (cluster == null) {
                    cluster = RedisCluster.start(Files.createTempDirectory("riskgate-bench-cluster"));
                    Runtime.getRuntime().addShutdownHook(new Thread(cluster::close));
                }
                yield RedisStateStore.open(cluster.url(), "bench-" + dir.getFileName() + ":");
            }
            default -> JournalStateStore.open(dir, Clock.systemUTC());
        };
    }

    private static void run(String storeName, String packName, StateStore store, RulePack pack, int n, int accounts,
                            int threads, boolean warmup) throws Exception {
        Scorer scorer = new Scorer(store, () -> pack, Clock.systemUTC());
        AtomicLong next = new AtomicLong();
        AtomicLong read = new AtomicLong();
        AtomicLong eval = new AtomicLong();
        AtomicLong write = new AtomicLong();
        String run = Long.toString(System.nanoTime(), 36);
        OffsetDateTime t0 = OffsetDateTime.now(ZoneOffset.UTC).minusDays(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        long cpuStart = os.getProcessCpuTime();
        long start = System.nanoTime();
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            done.add(pool.submit(() -> {
                for (long i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) {
                    Scored s = scorer.score(request(run, i, accounts, t0));
                    read.addAndGet(s.readNanos());
                    eval.addAndGet(s.evalNanos());
                    write.addAndGet(s.writeNanos());
                }
                return null;
            }));
        }
        for (Future<?> f : done) {
            f.get();
        }
        long nanos = System.nanoTime() - start;
        long cpu = os.getProcessCpuTime() - cpuStart;
        pool.shutdown();
        if (!warmup) {
            // CPU per decision (all threads, GC and JIT included) is the figure that survives a shared,
            // loaded machine; wall-clock rates and stage times include waiting for a core.
            System.out.printf("%-8s %-8s %6d decisions %5d accounts %d threads: %7.0f decisions/s, %7.1f µs CPU"
                            + " per decision; wall µs per decision: read %6.1f rules %6.1f write %6.1f%n",
                    storeName, packName, n, accounts, threads, n * 1e9 / nanos, cpu / 1e3 / n,
                    read.get() / 1e3 / n, eval.get() / 1e3 / n, write.get() / 1e3 / n);
        }
    }

    /** Charges and purchases spread over the accounts; a quarter of the purchases carry tobacco. */
    private static ScoreRequest request(String run, long i, int accounts, OffsetDateTime t0) {
        int account = (int) (Long.hashCode(i * 0x9E3779B97F4A7C15L) & 0x7fffffff) % accounts;
        String accountId = "acct-" + account;
        String deviceId = "dev-" + (account / 4);
        OffsetDateTime at = t0.plusSeconds(i);
        if (i % 5 == 0) {
            return new ScoreRequest(run + "-" + i, EventType.CHARGE, accountId, deviceId, at, BigDecimal.valueOf(3000),
                    "JPY", null, List.of(), "card", null);
        }
        List<LineItem> items = i % 4 == 0
                ? List.of(new LineItem("4909411200008", "tobacco", 1, BigDecimal.valueOf(560)))
                : List.of(new LineItem("4900000000001", "grocery", 1, BigDecimal.valueOf(560)));
        return new ScoreRequest(run + "-" + i, EventType.PURCHASE, accountId, deviceId, at, BigDecimal.valueOf(560),
                "JPY", "store-" + (account % 50), items, null, null);
    }

    /** The shipped parameters and catalogues with one trivial rule: what the pipeline costs without rules. */
    private static Path tinyPack() throws Exception {
        Path dir = Files.createTempDirectory("riskgate-tiny-pack");
        try (var files = Files.list(TestPaths.rules())) {
            for (Path p : files.filter(p -> !p.toString().endsWith(".drl")).toList()) {
                Files.copy(p, dir.resolve(p.getFileName()));
            }
        }
        // Caps name the shipped pack's rule families, which this pack does not use.
        Path params = dir.resolve("parameters.properties");
        try (var lines = Files.lines(params)) {
            Files.write(params, lines.filter(l -> !l.startsWith("cap.")).toList());
        }
        Files.writeString(dir.resolve("one.drl"), """
                package riskgate.rules;
                import dev.riskgate.rules.facts.WalletEvent;
                global dev.riskgate.rules.Parameters params;
                global dev.riskgate.rules.Scorecard score;
                rule "bench: very large payment" @family("high_amount")
                when
                    WalletEvent(amount >= 10000000)
                then
                    score.add(1, "very large");
                end
                """);
        return dir;
    }

    private StoreBench() {
    }
}
