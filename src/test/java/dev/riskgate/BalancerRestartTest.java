package dev.riskgate;

import static dev.riskgate.http.ScoreBodies.charge;
import static dev.riskgate.http.ScoreBodies.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import dev.riskgate.decisionlog.DecisionLog;
import dev.riskgate.http.RiskgateClient;
import dev.riskgate.http.RiskgateClient.Answer;
import dev.riskgate.state.redis.RedisServer;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fleet as docs/operations.md deploys it: Debian's nginx with the shipped
 * {@code docs/examples/nginx/riskgate.conf} in front of three riskgate processes on one redis-server. One
 * instance is restarted (SIGTERM, then started again on its port) while a stream of payments flows
 * through the balancer. No client sees a 5xx or a connection error, and every event got exactly one real
 * decision: one line in one instance's decision log, the answer the client got, stored in Redis.
 */
class BalancerRestartTest {

    private static final int CLIENTS = 4;
    private static final Duration BEFORE_RESTART = Duration.ofSeconds(3);
    private static final Duration AFTER_RESTART = Duration.ofSeconds(3);
    /** The bound on the stream: a restart on 2 busy cores takes a JVM start and a pack compile. */
    private static final Duration STREAM_AT_MOST = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private record Sent(JsonObject body, int status, String answer, String failure) {
    }

    @Test
    void restartingAnInstanceMidStreamLosesNoEventAndDecidesEachOnce() throws Exception {
        try (RedisServer redis = RedisServer.start(Files.createDirectories(dir.resolve("redis")))) {
            int[] ports = {freePort(), freePort(), freePort()};
            List<RiskgateProcess> instances = new ArrayList<>();
            try {
                for (int i = 0; i < 3; i++) {
                    instances.add(RiskgateProcess.launch(dir, dir.resolve("rg-" + i + ".log"), settings(i, ports[i], redis)));
                }
                for (RiskgateProcess instance : instances) {
                    instance.awaitHealthy();
                }
                try (Nginx nginx = Nginx.start(dir.resolve("nginx"), ports)) {
                    run(nginx, instances, ports, redis);
                }
            } finally {
                for (RiskgateProcess instance : instances) {
                    instance.close();
                }
            }
        }
    }

    private void run(Nginx nginx, List<RiskgateProcess> instances, int[] ports, RedisServer redis) throws Exception {
        RiskgateClient client = new RiskgateClient(nginx.port);
        List<Sent> sent = new CopyOnWriteArrayList<>();
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> clients = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
            Thread t = new Thread(() -> {
                while (!stop.get()) {
                    JsonObject body = charge(unique("acct"), unique("dev"), 1000);
                    try {
                        Answer a = client.score(body);
                        sent.add(new Sent(body, a.status(), a.body(), null));
                    } catch (UncheckedIOException e) {
                        sent.add(new Sent(body, 0, null, String.valueOf(e.getCause())));
                    }
                }
            });
            t.start();
            clients.add(t);
        }
        long streamStart = System.nanoTime();
        Thread.sleep(BEFORE_RESTART.toMillis());

        RiskgateProcess restarted = instances.get(1);
        restarted.process().destroy(); // SIGTERM: 1 s of 503 on /health, then the drain
        assertThat(restarted.awaitExit(Duration.ofSeconds(30))).as("exit after SIGTERM\n" + restarted.output()).isZero();
        long stoppedAt = System.nanoTime();
        RiskgateProcess again = RiskgateProcess.launch(dir, dir.resolve("rg-1-again.log"), settings(1, ports[1], redis));
        instances.set(1, again);
        again.awaitHealthy();
        long backAt = System.nanoTime();
        java.time.Instant backWall = java.time.Instant.now();
        Thread.sleep(AFTER_RESTART.toMillis());
        stop.set(true);
        for (Thread t : clients) {
            t.join();
        }
        Duration stream = Duration.ofNanos(System.nanoTime() - streamStart);
        assertThat(stream).as("the stream stays bounded").isLessThan(STREAM_AT_MOST);

        List<String> failures = sent.stream().filter(s -> s.status != 200)
                .map(s -> s.status + " " + (s.failure != null ? s.failure : s.answer)).toList();
        assertThat(failures).as("answers other than 200 reaching the client").isEmpty();
        assertThat(sent.stream().filter(s -> new JsonObject(s.answer).getBoolean("degraded", false)))
                .as("fail-decision answers").isEmpty();

        // Every instance's decision log, the stopped process's included: one line per real decision.
        Map<String, List<JsonObject>> logged = new HashMap<>();
        for (int i = 0; i < 3; i++) {
            for (JsonObject line : decisionLog(dir.resolve("data-" + i))) {
                logged.computeIfAbsent(line.getJsonObject("event").getString("eventId"), k -> new ArrayList<>()).add(line);
            }
        }
        List<String> notOnce = new ArrayList<>();
        for (Sent s : sent) {
            String eventId = s.body.getString("eventId");
            JsonObject answer = new JsonObject(s.answer);
            List<JsonObject> lines = logged.getOrDefault(eventId, List.of());
            if (lines.size() != 1 || !same(lines.get(0).getJsonObject("answer"), answer)) {
                notOnce.add(eventId + ": " + lines.size() + " decisions logged, client got " + s.answer);
                continue;
            }
            Answer stored = client.decision(eventId);
            if (stored.status() != 200 || !same(stored.json(), answer)) {
                notOnce.add(eventId + ": stored " + stored.status() + " " + stored.body() + ", client got " + s.answer);
            }
        }
        assertThat(notOnce).as("events without exactly one real decision, the one the client got").isEmpty();

        List<String> access = Files.readAllLines(nginx.accessLog());
        long retried = access.stream().filter(l -> l.contains(",")).count();
        long servedByRestarted = decisionLog(dir.resolve("data-1")).stream()
                .filter(l -> java.time.Instant.parse(l.getString("loggedAt")).isAfter(backWall)).count();
        System.out.printf("balancer: %d events through nginx in %d ms from %d clients; instance rg-1 restarted "
                        + "(down %d ms from its exit to healthy again); %d requests retried on another instance by "
                        + "nginx; %d non-200 at the client; every event decided once (%d decision-log lines); rg-1 "
                        + "decided %d after it was back%n", sent.size(), stream.toMillis(), CLIENTS, (backAt - stoppedAt) / 1_000_000,
                retried, failures.size(), logged.values().stream().mapToInt(List::size).sum(), servedByRestarted);
        assertThat(retried).as("requests nginx moved to another instance during the restart").isPositive();
        assertThat(servedByRestarted).as("the restarted instance back in rotation").isPositive();
        assertThat(sent).hasSizeGreaterThan(100);
    }

    /** The parts of an answer a second decision would change. */
    private static boolean same(JsonObject a, JsonObject b) {
        return a.getString("eventId").equals(b.getString("eventId")) && a.getString("decision").equals(b.getString("decision"))
                && a.getInteger("score").equals(b.getInteger("score")) && a.getString("rulesVersion").equals(b.getString("rulesVersion"))
                && a.getJsonArray("reasons").equals(b.getJsonArray("reasons"));
    }

    private static List<JsonObject> decisionLog(Path dataDir) throws IOException {
        List<JsonObject> lines = new ArrayList<>();
        Path logs = dataDir.resolve(DecisionLog.DIR);
        if (!Files.isDirectory(logs)) {
            return lines;
        }
        try (Stream<Path> files = Files.list(logs)) {
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".jsonl")).sorted().toList()) {
                for (String l : Files.readAllLines(f)) {
                    JsonObject line = new JsonObject(l);
                    if ("score".equals(line.getString("kind"))) {
                        lines.add(line);
                    }
                }
            }
        }
        return lines;
    }

    private Map<String, String> settings(int i, int port, RedisServer redis) {
        return Map.of("RISKGATE_PORT", Integer.toString(port), "RISKGATE_DATA_DIR", dir.resolve("data-" + i).toString(),
                "RISKGATE_REDIS_URL", redis.url(), "RISKGATE_DRAIN_DELAY_S", "1", "RISKGATE_CASES_DIR", "none");
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** nginx in the foreground, one process, with the shipped example's upstream and location. */
    private static final class Nginx implements AutoCloseable {
        private final Process process;
        private final Path dir;
        final int port;

        private Nginx(Process process, Path dir, int port) {
            this.process = process;
            this.dir = dir;
            this.port = port;
        }

        static Nginx start(Path dir, int[] upstreams) throws IOException, InterruptedException {
            Files.createDirectories(dir);
            int port = freePort();
            String example = Files.readString(TestPaths.repo().resolve("docs/examples/nginx/riskgate.conf"));
            String site = example.replaceFirst("listen 8080;", "listen 127.0.0.1:" + port + ";");
            for (int i = 0; i < upstreams.length; i++) {
                site = site.replace("rg-" + (i + 1) + ".internal:8080", "127.0.0.1:" + upstreams[i]);
            }
            assertThat(site).as("every server of the example swapped").doesNotContain(".internal");
            Files.writeString(dir.resolve("riskgate.conf"), site);
            String main = """
                    daemon off;
                    master_process off;
                    pid %1$s/nginx.pid;
                    error_log %1$s/error.log warn;
                    events { worker_connections 256; }
                    http {
                        log_format upstreams '$status $upstream_addr $upstream_status';
                        access_log %1$s/access.log upstreams;
                        client_body_temp_path %1$s/body;
                        proxy_temp_path %1$s/proxy;
                        fastcgi_temp_path %1$s/fastcgi;
                        uwsgi_temp_path %1$s/uwsgi;
                        scgi_temp_path %1$s/scgi;
                        include %1$s/riskgate.conf;
                    }
                    """.formatted(dir.toAbsolutePath());
            Path conf = dir.resolve("nginx.conf");
            Files.writeString(conf, main);
            Process p = new ProcessBuilder(binary(), "-p", dir.toAbsolutePath() + "/", "-c", conf.toAbsolutePath().toString(),
                    "-e", dir.resolve("error.log").toAbsolutePath().toString())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("stdout.log").toFile()).start();
            Nginx nginx = new Nginx(p, dir, port);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (System.nanoTime() < deadline) {
                if (!p.isAlive()) {
                    fail("nginx exited: " + Files.readString(dir.resolve("stdout.log")) + readIfThere(dir.resolve("error.log")));
                }
                try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
                    return nginx;
                } catch (IOException notYet) {
                    Thread.sleep(50);
                }
            }
            nginx.close();
            return fail("nginx did not listen within 10 s: " + readIfThere(dir.resolve("error.log")));
        }

        Path accessLog() {
            return dir.resolve("access.log");
        }

        /** Debian's nginx; scripts/test.sh installs it. Missing, the test fails: skipping would hide that. */
        private static String binary() {
            for (String d : (System.getenv().getOrDefault("PATH", "") + ":/usr/sbin:/sbin").split(":")) {
                Path candidate = Path.of(d, "nginx");
                if (Files.isExecutable(candidate)) {
                    return candidate.toString();
                }
            }
            return fail("nginx is not installed: apt-get install -y nginx (scripts/test.sh does it when run as root)");
        }

        private static String readIfThere(Path file) throws IOException {
            return Files.exists(file) ? Files.readString(file) : "";
        }

        @Override
        public void close() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
