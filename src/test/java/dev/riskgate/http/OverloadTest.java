package dev.riskgate.http;

import static dev.riskgate.http.ScoreBodies.charge;
import static dev.riskgate.http.ScoreBodies.unique;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * At 1,024 connections, each sending score requests back to back (after a 503, when its Retry-After
 * says, as the contract asks of gateways), riskgate answers what it can take and sheds the rest as 503 at once: the bound is
 * p99 <= 1 s over every answer. Without shedding the requests queued for workers and p99 grew into seconds
 * (2.3 s in the issue; 4 s here with a fixed bound of 128 on a busy 2-core box).
 */
class OverloadTest {

    private static final int CONNECTIONS = 1024;
    private static final Duration WARM_UP = Duration.ofSeconds(2);
    private static final Duration MEASURED = Duration.ofSeconds(4);
    private static final long RETRY_AFTER_MS = 1000;
    private static final Pattern SHED = Pattern.compile("riskgate_shed_total\\{reason=\"overload\"} ([0-9.E]+)");

    @RegisterExtension
    static final RunningRiskgate riskgate = new RunningRiskgate();

    private static final Vertx vertx = Vertx.vertx();

    @AfterAll
    static void closeClient() {
        vertx.close().await();
    }

    private record Sample(int status, long nanos, boolean measured) {
    }

    @Test
    void shedsTheExcessAndKeepsP99UnderOneSecond() throws Exception {
        // Compiled code and a warm pack first: the bound is about overload, not about a cold JVM.
        for (int i = 0; i < 300; i++) {
            riskgate.client().score(charge(unique("acct"), unique("dev"), 1000));
        }
        HttpClient client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setConnectTimeout(10_000),
                new PoolOptions().setHttp1MaxSize(CONNECTIONS).setMaxWaitQueueSize(-1));
        long start = System.nanoTime();
        long measureFrom = start + WARM_UP.toNanos();
        long stopAt = measureFrom + MEASURED.toNanos();
        List<Sample> samples = java.util.Collections.synchronizedList(new ArrayList<>());
        Map<String, Integer> badShedAnswers = new ConcurrentHashMap<>();
        AtomicInteger failures = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(CONNECTIONS);
        for (int i = 0; i < CONNECTIONS; i++) {
            loop(client, stopAt, measureFrom, samples, badShedAnswers, failures, done);
        }
        assertThat(done.await(MEASURED.plus(WARM_UP).toSeconds() + 120, TimeUnit.SECONDS)).as("load finished").isTrue();

        List<Sample> measured = samples.stream().filter(Sample::measured).toList();
        long[] all = measured.stream().mapToLong(Sample::nanos).sorted().toArray();
        long[] scored = measured.stream().filter(s -> s.status == 200).mapToLong(Sample::nanos).sorted().toArray();
        long shed = measured.stream().filter(s -> s.status == 503).count();
        long other = measured.stream().filter(s -> s.status != 200 && s.status != 503).count();
        System.out.printf("overload: %d connections, %d answers in %d s (%d scored, %d shed = %.0f%%), p50 %d ms, "
                        + "p99 %d ms, max %d ms; scored p99 %d ms; %d transport failures%n",
                CONNECTIONS, all.length, MEASURED.toSeconds(), scored.length, shed, 100.0 * shed / all.length,
                millis(all, 0.50), millis(all, 0.99), millis(all, 1.0), millis(scored, 0.99), failures.get());

        assertThat(failures.get()).as("connections refused or reset").isZero();
        assertThat(other).as("answers other than 200 and 503").isZero();
        assertThat(badShedAnswers).as("503s without Retry-After and a JSON body").isEmpty();
        assertThat(scored.length).as("decisions made under overload").isPositive();
        assertThat(shed).as("the excess is shed").isPositive();
        assertThat(millis(all, 0.99)).as("p99 over every answer, ms").isLessThanOrEqualTo(1000);
        assertThat(shedCounter()).as("riskgate_shed_total counts every 503").isGreaterThanOrEqualTo(shed);
    }

    private static void loop(HttpClient client, long stopAt, long measureFrom, List<Sample> samples,
                             Map<String, Integer> badShedAnswers, AtomicInteger failures, CountDownLatch done) {
        if (System.nanoTime() >= stopAt) {
            done.countDown();
            return;
        }
        Buffer body = Buffer.buffer(charge(unique("acct"), unique("dev"), 1000).encode());
        long sent = System.nanoTime();
        client.request(new RequestOptions().setMethod(HttpMethod.POST).setHost("127.0.0.1")
                        .setPort(riskgate.service().port()).setURI("/v1/score")
                        .putHeader("content-type", "application/json")
                        .putHeader("authorization", "Bearer " + TestKeys.API))
                .compose(req -> req.send(body).compose(resp -> resp.body().map(b -> {
                    if (resp.statusCode() == 503) {
                        String code = new JsonObject(b).getString("code");
                        if (resp.getHeader("retry-after") == null || !"overload".equals(code)) {
                            badShedAnswers.merge(resp.getHeader("retry-after") + " " + code, 1, Integer::sum);
                        }
                    }
                    return resp.statusCode();
                })))
                .onComplete(ar -> {
                    if (ar.succeeded()) {
                        samples.add(new Sample(ar.result(), System.nanoTime() - sent, sent >= measureFrom));
                    } else {
                        failures.incrementAndGet();
                    }
                    // A gateway told to come back later (Retry-After: 1) does so on this connection; the
                    // connection stays open and counts toward the 1,024 all the while.
                    if (ar.succeeded() && ar.result() == 503) {
                        vertx.setTimer(RETRY_AFTER_MS, t -> loop(client, stopAt, measureFrom, samples, badShedAnswers, failures, done));
                    } else {
                        loop(client, stopAt, measureFrom, samples, badShedAnswers, failures, done);
                    }
                });
    }

    private static long millis(long[] sorted, double quantile) {
        if (sorted.length == 0) {
            return 0;
        }
        int index = (int) Math.min(sorted.length - 1, Math.ceil(quantile * sorted.length) - 1);
        return TimeUnit.NANOSECONDS.toMillis(sorted[Math.max(0, index)]);
    }

    private static double shedCounter() {
        Matcher m = SHED.matcher(riskgate.client().get("/metrics").body());
        assertThat(m.find()).as("riskgate_shed_total{reason=overload} is exported").isTrue();
        return Double.parseDouble(m.group(1));
    }
}
