package dev.riskgate.state;

import dev.riskgate.MutableClock;
import dev.riskgate.TestPaths;
import dev.riskgate.event.ScoreRequest;
import dev.riskgate.rules.RulePack;
import dev.riskgate.rules.RulePackLoader;
import dev.riskgate.scoring.Scorer;
import dev.riskgate.simulate.EventStreamWriter;
import dev.riskgate.simulate.SimulationSettings;
import dev.riskgate.simulate.WalletSimulator;
import dev.riskgate.state.embedded.JournalStateStore;
import dev.riskgate.state.redis.RedisStateStore;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Bytes per key type, measured: a simulated stream (the simulator's ids: events {@code sim9001-000000123},
 * accounts {@code acct-0000123}, devices {@code dev-} and 12 hex digits, stores {@code store-13101-05})
 * scored through {@link Scorer} with the shipped pack onto a real Redis and onto the journal store, then
 * <ul>
 *   <li>Redis: {@code MEMORY USAGE key SAMPLES 0} of every key, by type ({@code e:} the event's record,
 *       {@code w:} its answer while the idempotency window lasts, {@code a:}/{@code d:}/{@code s:} the
 *       histories), and the server's {@code used_memory}, AOF size and size after a rewrite;</li>
 *   <li>journal: the packed record of every key in a checkpoint written once the stream's last decision
 *       is past the idempotency window (the form an idle key takes in the heap before a checkpoint, and
 *       its bytes in the page cache after), by type.</li>
 * </ul>
 * Run by {@code bench/state-sizes.sh}; compiles against earlier versions too (it uses only the stores'
 * public API), which is how the "before" figures were taken.
 */
public final class StateSizes {

    public static void main(String[] args) throws Exception {
        String url = args[0];
        int accounts = Integer.parseInt(args[1]);
        int days = Integer.parseInt(args[2]);
        long seed = args.length > 3 ? Long.parseLong(args[3]) : 9001;
        List<ScoreRequest> stream = new ArrayList<>();
        long[] n = {0};
        new WalletSimulator(new SimulationSettings(accounts, days, seed))
                .run(e -> stream.add(e.toRequest(EventStreamWriter.eventId(seed, ++n[0]))));
        RulePack pack = new RulePackLoader(Clock.systemUTC()).load(TestPaths.rules());
        System.out.printf("stream: %d events, %d accounts, %d days (seed %d)%n", stream.size(), accounts, days, seed);

        MutableClock clock = new MutableClock(stream.get(0).occurredAt().toInstant());
        try (StateStore redis = RedisStateStore.open(url, RedisStateStore.DEFAULT_PREFIX)) {
            score(stream, redis, pack, clock);
        }
        redisSizes(url, stream.size());

        Path dir = Files.createTempDirectory("riskgate-sizes");
        MutableClock journalClock = new MutableClock(stream.get(0).occurredAt().toInstant());
        JournalStateStore journal = JournalStateStore.open(dir, journalClock, false);
        score(stream, journal, pack, journalClock);
        // Past the default idempotency window (3 days) for every decision, inside every other retention.
        journalClock.advance(Duration.ofDays(3).plusMinutes(1));
        journal.checkpoint();
        journal.close();
        checkpointSizes(dir.resolve("journal"));
        // A restart keeps one reference per key in the heap (the value stays in the checkpoint): measured
        // as the heap after a full collection with the store open, less the heap before it was opened.
        long before = heapAfterGc();
        JournalStateStore reopened = JournalStateStore.open(dir, journalClock, false);
        long after = heapAfterGc();
        System.out.printf("  heap after a restart: %d keys, %.0f bytes per key (all forms, references once idle)%n",
                reopened.entries(), (double) (after - before) / reopened.entries());
        reopened.close();
    }

    private static long heapAfterGc() throws InterruptedException {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(200);
        }
        return rt.totalMemory() - rt.freeMemory();
    }

    private static void score(List<ScoreRequest> stream, StateStore store, RulePack pack, MutableClock clock) {
        Scorer scorer = new Scorer(store, () -> pack, clock);
        for (ScoreRequest req : stream) {
            java.time.Instant at = req.occurredAt().toInstant();
            if (at.isAfter(clock.instant())) {
                clock.advance(Duration.between(clock.instant(), at));
            }
            scorer.score(req);
        }
    }

    private static void redisSizes(String url, int events) {
        RedisClient client = RedisClient.create(url);
        try (StatefulRedisConnection<String, String> c = client.connect()) {
            RedisCommands<String, String> redis = c.sync();
            Map<String, long[]> byType = new TreeMap<>(); // count, sum, min, max
            ScanCursor cursor = ScanCursor.INITIAL;
            do {
                KeyScanCursor<String> page = redis.scan(cursor, ScanArgs.Builder.matches(RedisStateStore.DEFAULT_PREFIX + "*").limit(1000));
                for (String key : page.getKeys()) {
                    String type = key.substring(RedisStateStore.DEFAULT_PREFIX.length(), key.indexOf(':', RedisStateStore.DEFAULT_PREFIX.length()) + 1);
                    Long bytes = redis.memoryUsage(key);
                    long[] s = byType.computeIfAbsent(type, t -> new long[] {0, 0, Long.MAX_VALUE, 0});
                    s[0]++;
                    s[1] += bytes;
                    s[2] = Math.min(s[2], bytes);
                    s[3] = Math.max(s[3], bytes);
                }
                cursor = page;
            } while (!cursor.isFinished());
            System.out.println("redis: MEMORY USAGE by key type (bytes)");
            System.out.printf("  %-4s %9s %9s %9s %9s%n", "key", "keys", "average", "min", "max");
            byType.forEach((type, s) -> System.out.printf("  %-4s %9d %9.0f %9d %9d%n", type, s[0], (double) s[1] / s[0], s[2], s[3]));
            Map<String, String> memory = info(redis.info("memory"));
            System.out.printf("  used_memory %s (%.0f bytes per event), dataset %s%n", memory.get("used_memory"),
                    Double.parseDouble(memory.get("used_memory")) / events, memory.get("used_memory_dataset"));
            Map<String, String> aof = info(redis.info("persistence"));
            if ("1".equals(aof.get("aof_enabled"))) {
                long before = Long.parseLong(aof.get("aof_current_size"));
                redis.bgrewriteaof();
                while (!"0".equals(info(redis.info("persistence")).get("aof_rewrite_in_progress"))
                        || "1".equals(info(redis.info("persistence")).get("aof_rewrite_scheduled"))) {
                    Thread.sleep(100);
                }
                long after = Long.parseLong(info(redis.info("persistence")).get("aof_current_size"));
                System.out.printf("  AOF: %d bytes written (%.0f per event), %d after BGREWRITEAOF (%.0f per event)%n",
                        before, (double) before / events, after, (double) after / events);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            client.shutdown();
        }
    }

    private static Map<String, String> info(String text) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String line : text.split("\r?\n")) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                fields.put(line.substring(0, colon), line.substring(colon + 1).trim());
            }
        }
        return fields;
    }

    /** A checkpoint (versions 2 and 3): a 16-byte head, then [tag][length][record] per key, an end byte, a crc. */
    private static void checkpointSizes(Path journal) throws IOException {
        Path file;
        try (Stream<Path> files = Files.list(journal)) {
            file = files.filter(p -> p.getFileName().toString().startsWith("checkpoint-")).findFirst().orElseThrow();
        }
        String[] names = {"", "e: decision", "a: account", "d: device", "s: store"};
        long[][] stats = new long[5][];
        for (int i = 0; i < 5; i++) {
            stats[i] = new long[] {0, 0, Long.MAX_VALUE, 0, 0};
        }
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
            in.readInt();
            int version = in.readInt();
            in.readLong();
            System.out.printf("journal: packed records in checkpoint format %d, %d bytes (bytes)%n", version, Files.size(file));
            for (int tag = in.readUnsignedByte(); tag != 0; tag = in.readUnsignedByte()) {
                int length = in.readInt();
                in.skipNBytes(length);
                long[] s = stats[tag];
                s[0]++;
                s[1] += length;
                s[2] = Math.min(s[2], length);
                s[3] = Math.max(s[3], length);
                // A packed key in the heap: the array (16-byte header, 8-byte aligned) and its shard slot (~13).
                s[4] += 16 + ((length + 7) & ~7) + 13;
            }
        }
        System.out.printf("  %-12s %9s %9s %9s %9s %14s%n", "key", "keys", "average", "min", "max", "heap if packed");
        for (int i = 1; i < 5; i++) {
            long[] s = stats[i];
            if (s[0] > 0) {
                System.out.printf("  %-12s %9d %9.0f %9d %9d %14.0f%n", names[i], s[0], (double) s[1] / s[0], s[2], s[3],
                        (double) s[4] / s[0]);
            }
        }
    }
}
