package dev.riskgate.state.redis;

import static dev.riskgate.http.ScoreBodies.charge;
import static dev.riskgate.http.ScoreBodies.unique;
import static org.assertj.core.api.Assertions.assertThat;

import dev.riskgate.config.DegradedMode;
import dev.riskgate.http.RiskgateClient;
import dev.riskgate.http.RiskgateClient.Answer;
import dev.riskgate.http.RunningRiskgate;
import dev.riskgate.decision.Verdict;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 9's outage test: a real redis-server is killed (SIGKILL) under steady traffic from real HTTP
 * clients and started again on the same port. Every request gets an answer; during the outage each
 * comes as the declared fail decision, marked degraded, within the deadline plus 50 ms (the issue's
 * target, measured at the client, wall clock, per request); /health says DEGRADED, then UP within 5 s of
 * Redis answering again (the target), with no restart of riskgate; and a degraded event's retry
 * is scored for real. The figures are printed for the note.
 */
class RedisOutageTest {

    private static final Duration DEADLINE = Duration.ofMillis(100);
    /** The bound on an answer during the outage: the deadline plus this. */
    private static final Duration MARGIN = Duration.ofMillis(50);
    private static final Duration RECOVERY = Duration.ofSeconds(5);
    private static final int CLIENTS = 3;

    @RegisterExtension
    @Order(1)
    static final RedisServerExtension redis = new RedisServerExtension();

    @RegisterExtension
    @Order(2)
    static final RunningRiskgate riskgate = RunningRiskgate.with(c -> c.withRedisUrl(redis.server.url())
            .withDegradedMode(new DegradedMode(DEADLINE, Verdict.STEP_UP)));

    /** One request as the client saw it; {@code answer} is null when no HTTP answer arrived. */
    private record Exchange(JsonObject request, long sent, long answered, Answer answer, String failure) {
        Duration took() {
            return Duration.ofNanos(answered - sent);
        }

        boolean degraded() {
            return answer != null && answer.status() == 200 && answer.json().getBoolean("degraded", false);
        }
    }

    @Test
    void answersEveryRequestThroughARedisOutageAndRecoversByItself() throws Exception {
        RiskgateClient client = riskgate.client();
        warmUp(client);
        ch.qos.logback.classic.Logger outageLog = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory
                .getLogger("dev.riskgate.metrics.StoreOutage");
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> logged =
                new ch.qos.logback.core.read.ListAppender<>();
        logged.start();
        outageLog.addAppender(logged);
        Traffic traffic = new Traffic();
        pause(1_000);

        long killed = System.nanoTime();
        redis.server.kill();
        long degradedHealth = awaitHealth(client, "DEGRADED", killed, Duration.ofSeconds(5));
        pause(2_000);
        redis.server = RedisServer.start(Files.createTempDirectory("riskgate-redis-"), redis.server.port());
        long back = System.nanoTime();
        long upHealth = awaitHealth(client, "UP", back, Duration.ofSeconds(30));
        pause(1_500);
        List<Exchange> all = traffic.stop();

        assertEveryRequestGotA200(all);
        List<Exchange> outage = all.stream().filter(e -> e.sent() > killed && e.answered() < back).toList();
        assertThat(outage).as("requests during the outage").hasSizeGreaterThan(20);
        for (Exchange e : outage) {
            JsonObject answer = e.answer().json();
            assertThat(answer.getBoolean("degraded", false)).as(e.answer().body()).isTrue();
            assertThat(answer.getString("decision")).isEqualTo("STEP_UP");
            assertThat(answer.getString("degradedReason")).isIn("store_unavailable", "deadline");
            assertThat(answer.getString("eventId")).isEqualTo(e.request().getString("eventId"));
        }
        Duration slowest = outage.stream().map(Exchange::took).max(Duration::compareTo).orElseThrow();
        assertThat(slowest).as("the slowest answer during the outage").isLessThanOrEqualTo(DEADLINE.plus(MARGIN));
        Duration recovery = Duration.ofNanos(upHealth - back);
        assertThat(recovery).as("/health UP again after Redis returned").isLessThanOrEqualTo(RECOVERY);

        // Back to decisions of the rules: nothing blames the store any more. A decision may still miss the
        // 100 ms deadline on a starved two-core box; that answer is the deadline's, and honest.
        List<Exchange> after = all.stream().filter(e -> e.sent() > upHealth).toList();
        assertThat(after).as("requests after recovery").hasSizeGreaterThan(20);
        assertThat(after.stream().filter(e -> "store_unavailable".equals(e.answer().json().getString("degradedReason"))))
                .as("store failures after recovery").isEmpty();
        long real = after.stream().filter(e -> !e.degraded()).count();
        assertThat(real).as("real decisions among the %d after recovery", after.size())
                .isGreaterThanOrEqualTo(after.size() * 9L / 10);
        long firstReal = after.stream().filter(e -> !e.degraded()).mapToLong(Exchange::answered).min().orElseThrow();

        // One line tells the operator the outage is over, how long it lasted and what it cost.
        outageLog.detachAppender(logged);
        java.util.regex.Matcher backLine = logged.list.stream().map(ch.qos.logback.classic.spi.ILoggingEvent::getFormattedMessage)
                .map(java.util.regex.Pattern.compile("^Redis back after (\\d+\\.\\d) s, (\\d+) answers degraded")::matcher)
                .filter(java.util.regex.Matcher::find).findFirst()
                .orElseThrow(() -> new AssertionError("no 'Redis back after' line in " + logged.list));
        double loggedSeconds = Double.parseDouble(backLine.group(1));
        long loggedDegraded = Long.parseLong(backLine.group(2));
        assertThat(loggedSeconds).as("outage length in the log").isBetween(
                Duration.ofNanos(back - killed).toMillis() / 1000.0 - 0.2, Duration.ofNanos(upHealth - killed).toMillis() / 1000.0 + 0.2);
        assertThat(loggedDegraded).as("degraded answers in the log").isBetween((long) outage.size(),
                all.stream().filter(Exchange::degraded).count());

        JsonObject degradedEvent = outage.get(outage.size() / 2).request();
        Answer retry = retryUntilDecided(client, degradedEvent);
        assertThat(retry.json().containsKey("degraded")).as("the retry of a degraded event: " + retry.body()).isFalse();
        assertThat(client.decision(degradedEvent.getString("eventId")).json()).isEqualTo(retry.json());
        assertThat(client.score(degradedEvent).json()).as("its retry now gets the stored answer").isEqualTo(retry.json());

        Map<String, Long> reasons = outage.stream().collect(Collectors.groupingBy(
                e -> e.answer().json().getString("degradedReason"), TreeMap::new, Collectors.counting()));
        long[] millis = outage.stream().mapToLong(e -> e.took().toMillis()).sorted().toArray();
        System.out.printf("redis outage: %d answers during a %d ms outage, all degraded %s, median %d ms, slowest %d ms (deadline %d ms);"
                        + " /health DEGRADED %d ms after the kill; UP %d ms and the first real decision %d ms after"
                        + " Redis answered again; %d of %d answers real after recovery; logged: %s%n",
                outage.size(), Duration.ofNanos(back - killed).toMillis(), reasons, millis[millis.length / 2],
                slowest.toMillis(), DEADLINE.toMillis(),
                Duration.ofNanos(degradedHealth - killed).toMillis(), recovery.toMillis(),
                Duration.ofNanos(firstReal - back).toMillis(), real, after.size(), backLine.group());
    }

    /**
     * Redis stalled (SIGSTOP) rather than gone: commands hang instead of failing, and the store's operation
     * timeout (half the deadline) is what answers. Every answer still comes within the deadline plus
     * 50 ms. A degraded event has no stored decision, with one exception the design admits: a commit
     * already sent when Redis stalled times out, the gateway gets the fail decision, and Redis runs the
     * commit on waking (a retry then gets that decision). Each client has at most one such request in
     * flight at the moment of the stall; every later request fails at its read, before any commit.
     */
    @Test
    void answersInTimeWhileRedisStallsAndStoresNoDegradedEventButACommitAlreadySent() throws Exception {
        RiskgateClient client = riskgate.client();
        warmUp(client);
        Traffic traffic = new Traffic();
        pause(500);

        long stalled = System.nanoTime();
        redis.server.stall();
        long resumed;
        try {
            pause(1_500);
        } finally {
            resumed = System.nanoTime();
            redis.server.resume();
        }
        awaitHealth(client, "UP", resumed, RECOVERY);
        pause(1_000);
        List<Exchange> all = traffic.stop();

        assertEveryRequestGotA200(all);
        List<Exchange> stall = all.stream().filter(e -> e.sent() > stalled && e.answered() < resumed).toList();
        assertThat(stall).as("requests during the stall").hasSizeGreaterThan(20);
        Duration slowest = stall.stream().map(Exchange::took).max(Duration::compareTo).orElseThrow();
        assertThat(slowest).as("the slowest answer during the stall").isLessThanOrEqualTo(DEADLINE.plus(MARGIN));
        List<Exchange> degraded = all.stream().filter(Exchange::degraded).toList();
        assertThat(degraded).as("degraded answers").hasSizeGreaterThan(20);
        long stored = degraded.stream().filter(e -> client.decision(e.request().getString("eventId")).status() == 200).count();
        assertThat(stored).as("degraded events with a stored decision (commits sent before the stall)")
                .isLessThanOrEqualTo(CLIENTS);
        Map<String, Long> reasons = stall.stream().collect(Collectors.groupingBy(
                e -> e.answer().json().getString("degradedReason", "none"), TreeMap::new, Collectors.counting()));
        System.out.printf("redis stall: %d answers during a %d ms SIGSTOP, by degraded reason %s, slowest %d ms"
                        + " (deadline %d ms); %d of %d degraded events stored (commits sent before the stall)%n",
                stall.size(), Duration.ofNanos(resumed - stalled).toMillis(), reasons, slowest.toMillis(),
                DEADLINE.toMillis(), stored, degraded.size());
    }

    private static void assertEveryRequestGotA200(List<Exchange> all) {
        assertThat(all.stream().filter(e -> e.answer() == null || e.answer().status() != 200).toList())
                .as("requests without a 200 answer").isEmpty();
    }

    /** {@link #CLIENTS} real HTTP clients, each sending fresh charges one after another until stopped. */
    private static final class Traffic {
        private final Queue<Exchange> exchanges = new ConcurrentLinkedQueue<>();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final List<Thread> threads = new ArrayList<>();

        Traffic() {
            for (int i = 0; i < CLIENTS; i++) {
                RiskgateClient own = new RiskgateClient(riskgate.service().port());
                Thread t = new Thread(() -> {
                    while (running.get()) {
                        exchanges.add(exchange(own, charge(unique("acct"), unique("dev"), 1000)));
                        pause(5);
                    }
                }, "traffic-" + i);
                t.start();
                threads.add(t);
            }
        }

        List<Exchange> stop() throws InterruptedException {
            running.set(false);
            for (Thread t : threads) {
                t.join();
            }
            return List.copyOf(exchanges);
        }
    }

    /** A cold JVM's first decisions can miss the deadline: send until 50 in a row are on time. */
    private static void warmUp(RiskgateClient client) {
        int onTime = 0;
        for (int i = 0; i < 3_000 && onTime < 50; i++) {
            Answer a = client.score(charge(unique("warm"), unique("dev"), 1000));
            onTime = a.status() == 200 && !a.json().containsKey("degraded") ? onTime + 1 : 0;
        }
        assertThat(onTime).as("50 decisions in a row within the deadline after warming up").isEqualTo(50);
    }

    /**
     * The gateway's retry of a degraded event, repeated (at most three times) while the deadline answers
     * it: a degraded answer commits nothing, so retrying again is what a gateway may do.
     */
    private static Answer retryUntilDecided(RiskgateClient client, JsonObject request) {
        Answer retry = client.score(request);
        for (int i = 0; i < 2 && retry.json().containsKey("degraded"); i++) {
            assertThat(retry.json().getString("degradedReason")).isEqualTo("deadline");
            retry = client.score(request);
        }
        assertThat(retry.status()).as(retry.body()).isEqualTo(200);
        return retry;
    }

    private static Exchange exchange(RiskgateClient client, JsonObject request) {
        long sent = System.nanoTime();
        try {
            Answer answer = client.score(request);
            return new Exchange(request, sent, System.nanoTime(), answer, null);
        } catch (RuntimeException e) {
            return new Exchange(request, sent, System.nanoTime(), null, e.toString());
        }
    }

    /** When /health first said {@code status}, polling from {@code since}. */
    private static long awaitHealth(RiskgateClient client, String status, long since, Duration within) {
        while (true) {
            Answer health = client.get("/health");
            long now = System.nanoTime();
            assertThat(health.status()).as("/health stays 200: " + health.body()).isEqualTo(200);
            if (status.equals(health.json().getString("status"))) {
                return now;
            }
            assertThat(Duration.ofNanos(now - since)).as("/health " + status + " within " + within).isLessThan(within);
            pause(20);
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }
}
