package dev.riskgate.bench;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * A constant-rate (open-loop) load generator. Request i is due at start + i / rate whatever happened to
 * the ones before it, and its latency is measured from that intended time, not from when it could be
 * sent: a server that stalls is charged for every request that should have gone out meanwhile
 * (coordinated omission). A warm-up at the same rate comes first and is not recorded. Requests still
 * unanswered DRAIN seconds after the last one was due are counted as unanswered and recorded with the
 * time they had waited by then (a lower bound).
 * Usage: OpenLoop URL RATE SECONDS [WARMUP=10] [CONNECTIONS=64] [DRAIN=10] [ACCOUNTS=50000]
 * API key from $BENCH_API_KEY. Prints one JSON object; answered_per_s divides the answers by the time from
 * the first request's due time to the last answer (at least SECONDS), so a backlog drained late does not
 * count as throughput.
 */
public final class OpenLoop {

    private final HttpClient client;
    private final RequestOptions target;
    private final String auth;
    private final Histogram histogram = new Histogram(3_600_000_000_000L, 3);
    private final Map<Long, Long> inFlight = new ConcurrentHashMap<>();
    private final Map<Long, String> bodies = new ConcurrentHashMap<>();
    private final AtomicLong answered = new AtomicLong();
    private final AtomicLong degraded = new AtomicLong();
    private final AtomicLong errored = new AtomicLong();
    private final AtomicLong shed = new AtomicLong();
    private volatile boolean recording;
    private long maxSendLagNanos;
    private long nextId;
    private long runStart;
    private volatile long lastAnswer;

    private final Context context;

    private OpenLoop(HttpClient client, Context context, URI url, String apiKey) {
        this.client = client;
        this.context = context;
        this.target = new RequestOptions().setMethod(HttpMethod.POST).setHost(url.getHost()).setPort(url.getPort())
                .setURI("/v1/score");
        this.auth = "Bearer " + apiKey;
    }

    public static void main(String[] args) throws Exception {
        URI url = URI.create(args[0]);
        double rate = Double.parseDouble(args[1]);
        int seconds = Integer.parseInt(args[2]);
        int warmup = args.length > 3 ? Integer.parseInt(args[3]) : 10;
        int connections = args.length > 4 ? Integer.parseInt(args[4]) : 64;
        int drain = args.length > 5 ? Integer.parseInt(args[5]) : 10;
        int accounts = args.length > 6 ? Integer.parseInt(args[6]) : 50_000;
        String key = System.getenv().getOrDefault("BENCH_API_KEY", "bench-api-key-0123456789");
        // One event loop: the generator has one core, and one thread records into the histogram.
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
        HttpClient client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true)
                        // Under the service's 10 s header timeout (its Keep-Alive answer header says 9): a
                        // connection the service has closed is never reused.
                        .setKeepAliveTimeout(5),
                new PoolOptions().setHttp1MaxSize(connections).setMaxWaitQueueSize(-1));
        OpenLoop loop = new OpenLoop(client, vertx.getOrCreateContext(), url, key);
        VariedEvents events = new VariedEvents(accounts, 42);
        loop.run(events, rate, warmup, false);
        loop.awaitDrained(drain);
        long scheduled = loop.run(events, rate, seconds, true);
        long unanswered = loop.cutOff(drain);
        vertx.close().await();
        loop.print(rate, seconds, connections, scheduled, unanswered);
    }

    /** Sends at {@code rate} for {@code seconds}; returns how many requests were due. */
    private long run(VariedEvents events, double rate, int seconds, boolean record) {
        recording = record;
        long period = Math.round(1e9 / rate);
        long start = System.nanoTime();
        runStart = start;
        long end = start + seconds * 1_000_000_000L;
        long i = 0;
        for (long due = start; due < end; due = start + (++i) * period) {
            String body = events.next();
            long now;
            while ((now = System.nanoTime()) < due) {
                LockSupport.parkNanos(due - now);
            }
            if (record) {
                maxSendLagNanos = Math.max(maxSendLagNanos, now - due);
            }
            send(nextId++, due, body, record);
        }
        return i;
    }

    private void send(long id, long due, String body, boolean record) {
        inFlight.put(id, due);
        if (record) {
            bodies.put(id, body);
        }
        // The request is made on the client's event loop, not on this (the pacing) thread: called from a
        // foreign thread, the client lost about 1 answer in 5,000 (the server had sent it, its counters
        // show), which this generator then reported as unanswered.
        context.runOnContext(v -> request(id, due, body, record));
    }

    private void request(long id, long due, String body, boolean record) {
        client.request(target)
                .compose(req -> req.putHeader("content-type", "application/json").putHeader("authorization", auth)
                        .send(Buffer.buffer(body)))
                // A 200 that is the declared fail decision (past the deadline) is not a decision: -200.
                .compose(resp -> resp.body().map(b -> resp.statusCode() == 200
                        && b.toString().contains("\"degraded\":true") ? -200 : resp.statusCode()))
                .onComplete(ar -> {
                    long latency = System.nanoTime() - due;
                    bodies.remove(id);
                    if (!record || inFlight.remove(id) == null || !recording) {
                        return;
                    }
                    synchronized (histogram) {
                        histogram.recordValue(latency);
                    }
                    lastAnswer = System.nanoTime();
                    if (ar.succeeded() && ar.result() == 200) {
                        answered.incrementAndGet();
                    } else {
                        if (errored.incrementAndGet() <= 10 && (ar.failed() || ar.result() != -200)) {
                            System.err.println("error: " + (ar.failed() ? ar.cause() : "status " + ar.result()));
                        }
                        if (ar.succeeded() && ar.result() == 503) {
                            shed.incrementAndGet();
                        } else if (ar.succeeded() && ar.result() == -200) {
                            degraded.incrementAndGet();
                        }
                    }
                });
    }

    /** Lets the warm-up's answers come back (up to {@code seconds}) so its backlog is not charged to the run. */
    private void awaitDrained(int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        while (!inFlight.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        inFlight.clear();
    }

    /** Waits up to {@code drain} seconds for answers, then records what is still out as unanswered. */
    private long cutOff(int drain) throws InterruptedException {
        long deadline = System.nanoTime() + drain * 1_000_000_000L;
        while (!inFlight.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        recording = false;
        long now = System.nanoTime();
        long unanswered = 0;
        synchronized (histogram) {
            for (Map.Entry<Long, Long> e : inFlight.entrySet()) {
                histogram.recordValue(now - e.getValue());
                unanswered++;
                // Named on stderr so the service's decision log can tell whether it answered.
                System.err.printf("unanswered: request %d due %.3f s into the run: %s%n", e.getKey(),
                        (e.getValue() - runStart) / 1e9, bodies.get(e.getKey()));
            }
        }
        return unanswered;
    }

    private void print(double rate, int seconds, int connections, long scheduled, long unanswered) {
        Histogram h;
        synchronized (histogram) {
            h = histogram.copy();
        }
        System.out.printf("{\"rate\":%.0f,\"seconds\":%d,\"connections\":%d,\"scheduled\":%d,\"answered\":%d,"
                        + "\"errored\":%d,\"shed\":%d,\"degraded\":%d,\"unanswered\":%d,\"answered_per_s\":%.1f,\"p50_us\":%d,\"p90_us\":%d,"
                        + "\"p99_us\":%d,\"p999_us\":%d,\"max_us\":%d,\"max_send_lag_us\":%d}%n",
                rate, seconds, connections, scheduled, answered.get(), errored.get(), shed.get(), degraded.get(), unanswered,
                answered.get() / Math.max(seconds, (lastAnswer - runStart) / 1e9), us(h.getValueAtPercentile(50)), us(h.getValueAtPercentile(90)),
                us(h.getValueAtPercentile(99)), us(h.getValueAtPercentile(99.9)), us(h.getMaxValue()),
                maxSendLagNanos / 1000);
    }

    private static long us(long nanos) {
        return nanos / 1000;
    }
}
