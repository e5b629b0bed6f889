package dev.riskgate;

import static dev.riskgate.http.ScoreBodies.charge;
import static dev.riskgate.http.ScoreBodies.unique;
import static org.assertj.core.api.Assertions.assertThat;

import dev.riskgate.http.RiskgateClient;
import dev.riskgate.http.RiskgateClient.Answer;
import io.vertx.core.json.JsonObject;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM during load (a deploy): every request either got its answer, and that answer is stored, or
 * was refused before any work was done for it. None is cut off in between. The process exits 0 and
 * says so in its (JSON) log.
 */
class DrainOnSigtermTest {

    private static final int CLIENTS = 48;
    private static final Pattern DRAINING = Pattern.compile("draining: (\\d+) requests in flight");

    @TempDir
    Path dir;


    private record Outcome(JsonObject body, int status, String answer, String failure) {
    }

    /**
     * A fast server may happen to have nothing in flight at the instant SIGTERM lands, which would prove
     * nothing about in-flight work; every attempt must drop nothing, and one of (at most) three must have
     * caught requests in flight.
     */
    @Test
    void answersEveryAcceptedRequestAndExitsZero() throws Exception {
        int caught = 0;
        for (int attempt = 1; attempt <= 3 && caught == 0; attempt++) {
            caught = drainOnce(dir.resolve("attempt-" + attempt));
        }
        assertThat(caught).as("requests were in flight when SIGTERM came, in one of three attempts").isPositive();
    }

    /**
     * The drain delay: a balancer polling /health sees 503 DRAINING at once, while scores are still answered
     * 200, so nothing it sends before taking the instance out meets a closed port. Then it stops by itself
     * within the delay plus the drain time.
     */
    @Test
    void reportsDrainingWhileStillServingForTheDelayThenExits() throws Exception {
        Duration delay = Duration.ofSeconds(3);
        Duration drain = Duration.ofSeconds(2);
        Map<String, String> env = Map.of("RISKGATE_DATA_DIR", dir.resolve("data").toString(),
                "RISKGATE_DRAIN_DELAY_S", Long.toString(delay.toSeconds()), "RISKGATE_DRAIN_S", Long.toString(drain.toSeconds()));
        try (RiskgateProcess riskgate = RiskgateProcess.start(dir, dir.resolve("delay.log"), env)) {
            RiskgateClient client = riskgate.client();
            assertThat(client.score(charge(unique("acct"), unique("dev"), 1000)).status()).isEqualTo(200);

            long signalled = System.nanoTime();
            riskgate.process().destroy(); // SIGTERM
            int health = client.get("/health").status();
            while (health != 503 && System.nanoTime() - signalled < Duration.ofSeconds(1).toNanos()) {
                Thread.sleep(20);
                health = client.get("/health").status();
            }
            Answer score = client.score(charge(unique("acct"), unique("dev"), 1000));
            long sinceSignal = System.nanoTime() - signalled;
            assertThat(health).as("/health after SIGTERM").isEqualTo(503);
            assertThat(score.status()).as("a score after SIGTERM, during the delay: " + score.body()).isEqualTo(200);
            assertThat(Duration.ofNanos(sinceSignal)).as("both seen within a second of SIGTERM").isLessThan(Duration.ofSeconds(1));

            int exit = riskgate.awaitExit(delay.plus(drain).plusSeconds(10));
            Duration stopped = Duration.ofNanos(System.nanoTime() - signalled);
            System.out.printf("drain delay %d s, drain %d s: /health 503 and a score 200 within %d ms of SIGTERM; exited "
                    + "after %d ms%n", delay.toSeconds(), drain.toSeconds(), sinceSignal / 1_000_000, stopped.toMillis());
            assertThat(exit).as("exit code\n" + riskgate.output()).isZero();
            assertThat(stopped).as("kept serving for the delay").isGreaterThanOrEqualTo(delay);
            assertThat(stopped).as("exited within delay + drain").isLessThan(delay.plus(drain));
        }
    }

    /** One deploy under load; returns how many requests the server had in flight when the drain began. */
    private int drainOnce(Path dir) throws Exception {
        java.nio.file.Files.createDirectories(dir);
        Path data = dir.resolve("data");
        // A short delay keeps both phases (serving while leaving, then refusing) in the test, and it quick.
        Map<String, String> env = Map.of("RISKGATE_DATA_DIR", data.toString(), "RISKGATE_DRAIN_S", "10",
                "RISKGATE_DRAIN_DELAY_S", "1");
        List<Outcome> outcomes = new CopyOnWriteArrayList<>();
        int inFlightAtSigterm;
        String log;
        try (RiskgateProcess first = RiskgateProcess.start(dir, dir.resolve("first.log"), env)) {
            RiskgateClient client = first.client();
            AtomicBoolean stop = new AtomicBoolean();
            AtomicInteger outstanding = new AtomicInteger();
            List<Thread> clients = new ArrayList<>();
            for (int i = 0; i < CLIENTS; i++) {
                Thread t = new Thread(() -> {
                    while (!stop.get()) {
                        JsonObject body = charge(unique("acct"), unique("dev"), 1000);
                        outstanding.incrementAndGet();
                        try {
                            Answer a = client.score(body);
                            outcomes.add(new Outcome(body, a.status(), a.body(), null));
                        } catch (UncheckedIOException e) {
                            outcomes.add(new Outcome(body, 0, null, String.valueOf(e.getCause())));
                        } finally {
                            outstanding.decrementAndGet();
                        }
                    }
                });
                t.start();
                clients.add(t);
            }
            while (outcomes.stream().filter(o -> o.status == 200).count() < 200) {
                Thread.sleep(50);
            }
            inFlightAtSigterm = outstanding.get();
            first.process().destroy(); // SIGTERM
            int exit = first.awaitExit(Duration.ofSeconds(60));
            stop.set(true);
            for (Thread t : clients) {
                t.join();
            }
            log = first.output();
            assertThat(exit).as("exit code after a drained SIGTERM\n" + log).isZero();
        }

        // Every line the service wrote is a JSON object; the drain and the stop are among them.
        List<JsonObject> lines = log.lines().filter(l -> !l.isBlank()).map(JsonObject::new).toList();
        Matcher draining = lines.stream().map(l -> DRAINING.matcher(l.getString("formattedMessage", "")))
                .filter(Matcher::find).findFirst().orElseThrow(() -> new AssertionError("no drain line in\n" + log));
        int serverInFlight = Integer.parseInt(draining.group(1));
        assertThat(lines).as("a shutdown line").anyMatch(l -> l.getString("formattedMessage", "").startsWith("riskgate stopped: drained"));

        try (RiskgateProcess second = RiskgateProcess.start(dir, dir.resolve("second.log"), env)) {
            RiskgateClient client = second.client();
            int answered = 0;
            int refused = 0;
            List<String> dropped = new ArrayList<>();
            for (Outcome o : outcomes) {
                Answer stored = client.decision(o.body.getString("eventId"));
                if (o.status == 200) {
                    answered++;
                    if (stored.status() != 200 || !stored.json().equals(new JsonObject(o.answer))) {
                        dropped.add("answered but not stored: " + o.body.getString("eventId"));
                    }
                } else {
                    refused++;
                    assertThat(o.status).as("refusals are 503 or a connection never served").isIn(0, 503);
                    if (stored.status() != 404) {
                        dropped.add("accepted but not answered (" + (o.failure == null ? o.status : o.failure) + "): "
                                + o.body.getString("eventId"));
                    }
                }
            }
            System.out.printf("drain: %d client requests outstanding at SIGTERM, %d in flight on the server; "
                            + "%d answered and stored, %d refused before being accepted (%d with 503, %d at the socket), %d dropped%n",
                    inFlightAtSigterm, serverInFlight, answered, refused,
                    outcomes.stream().filter(o -> o.status == 503).count(), outcomes.stream().filter(o -> o.status == 0).count(),
                    dropped.size());
            assertThat(dropped).isEmpty();
            return serverInFlight;
        }
    }
}
