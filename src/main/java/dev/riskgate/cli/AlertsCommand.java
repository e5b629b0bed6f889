package dev.riskgate.cli;

import dev.riskgate.DataDirLock;
import dev.riskgate.StartupFailure;
import dev.riskgate.alerts.DeliveryLog;
import dev.riskgate.config.Config;
import dev.riskgate.decision.AlertIds;
import dev.riskgate.state.StateStore;
import dev.riskgate.state.embedded.JournalStateStore;
import dev.riskgate.state.redis.RedisStateStore;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "alerts", mixinStandardHelpOptions = true,
        description = {"List account-holder alerts and their deliveries (from $RISKGATE_DATA_DIR/alerts/deliveries-*.jsonl),",
                "and redeliver them by id or by time range. Redelivery queues the alert again in the outbox, due at once:",
                "on Redis (RISKGATE_REDIS_URL) a running fleet picks it up within its sweep; with the embedded store,",
                "stop serve first (the store takes one process), and the next serve delivers it."},
        footer = {"Exit codes: 0 done, 1 an alert to redeliver is no longer held, 3 the data directory is in use."})
final class AlertsCommand implements Callable<Integer> {

    @Option(names = "--data", paramLabel = "DIR", description = "Data directory (default: $RISKGATE_DATA_DIR or ./data).")
    Path data;

    @Option(names = "--dead", description = "Only alerts whose last attempt gave up (the dead letters).")
    boolean dead;

    @Option(names = "--since", paramLabel = "TIME", description = "Only alerts last attempted at or after this ISO-8601 instant.")
    Instant since;

    @Option(names = "--until", paramLabel = "TIME", description = "Only alerts last attempted before this ISO-8601 instant.")
    Instant until;

    @Option(names = "--redeliver", paramLabel = "ALERT_ID", split = ",", description = "Queue these alerts again.")
    List<String> redeliver;

    @Option(names = "--redeliver-listed", description = "Queue again every alert the filters above list.")
    boolean redeliverListed;

    @Override
    public Integer call() throws Exception {
        Config config = Config.fromEnvironment();
        Path dataDir = data != null ? data : config.dataDir();
        Map<String, JsonObject> last = new LinkedHashMap<>();
        Map<String, Integer> attempts = new LinkedHashMap<>();
        for (String line : DeliveryLog.lines(dataDir)) {
            JsonObject a = new JsonObject(line);
            last.remove(a.getString("alertId") + " " + a.getString("endpoint"));
            last.put(a.getString("alertId") + " " + a.getString("endpoint"), a);
            attempts.merge(a.getString("alertId") + " " + a.getString("endpoint"), 1, Integer::sum);
        }
        List<String> listed = new ArrayList<>();
        System.out.printf("%-26s %-14s %-10s %8s %6s  %s%n", "last attempt", "endpoint", "outcome", "attempts", "status", "alert (event, kind)");
        for (Map.Entry<String, JsonObject> e : last.entrySet()) {
            JsonObject a = e.getValue();
            Instant at = Instant.parse(a.getString("at"));
            if ((dead && !"dead".equals(a.getString("outcome"))) || (since != null && at.isBefore(since))
                    || (until != null && !at.isBefore(until))) {
                continue;
            }
            String id = a.getString("alertId");
            listed.add(id);
            System.out.printf("%-26s %-14s %-10s %8d %6d  %s (%s, %s)%n", at, a.getString("endpoint"), a.getString("outcome"),
                    attempts.get(e.getKey()), a.getInteger("status"), id, AlertIds.eventOf(id), AlertIds.kindOf(id));
        }
        List<String> ids = new ArrayList<>(redeliver == null ? List.of() : redeliver);
        if (redeliverListed) {
            listed.stream().distinct().filter(id -> !ids.contains(id)).forEach(ids::add);
        }
        if (ids.isEmpty()) {
            return 0;
        }
        try (Opened opened = open(config, dataDir)) {
            int missing = 0;
            for (String id : ids) {
                boolean queued = opened.store.outbox().requeue(id, AlertIds.eventOf(id));
                System.out.println((queued ? "queued again: " : "no longer held: ") + id);
                missing += queued ? 0 : 1;
            }
            return missing == 0 ? 0 : 1;
        } catch (StartupFailure | IllegalStateException e) {
            System.err.println("riskgate alerts: " + e.getMessage());
            return 3;
        }
    }

    private record Opened(StateStore store, DataDirLock lock) implements AutoCloseable {
        @Override
        public void close() throws Exception {
            store.close();
            if (lock != null) {
                lock.close();
            }
        }
    }

    private static Opened open(Config config, Path dataDir) {
        if (config.redisUrl() != null) {
            return new Opened(RedisStateStore.open(config.redisUrl(), RedisStateStore.DEFAULT_PREFIX), null);
        }
        DataDirLock lock = DataDirLock.acquire(dataDir);
        return new Opened(JournalStateStore.open(dataDir, Clock.systemUTC()), lock);
    }
}
