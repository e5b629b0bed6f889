package dev.riskgate.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.riskgate.ShippedPack;
import dev.riskgate.decision.AlertIds;
import dev.riskgate.event.ScoreRequestParser;
import dev.riskgate.rules.RulePack;
import dev.riskgate.scoring.Scorer;
import dev.riskgate.state.StateStore;
import dev.riskgate.state.embedded.JournalStateStore;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Alerts leave the outbox for a real receiver on loopback: signed per Standard Webhooks, delivered within
 * a second to a healthy one, and none lost to one that fails, falls over or is down for a while; a retry
 * carries the same webhook-id; 410 disables the endpoint; a private address is refused unless allowed.
 */
class WebhookDeliveryTest {

    static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final RulePack pack = ShippedPack.get();

    @TempDir
    Path dir;

    /** The example of the Standard Webhooks spec's libraries (and Svix's documentation). */
    @Test
    void signsLikeTheSpecsKnownAnswer() {
        WebhookSecret secret = WebhookSecret.parse(SECRET, "test");
        assertThat(secret.sign("msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, "{\"test\": 2432232314}"))
                .isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
        WebhookSecret next = WebhookSecret.parse("whsec_" + java.util.Base64.getEncoder().encodeToString(new byte[32]), "test");
        assertThat(WebhookSecret.header(List.of(secret, next), "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330,
                "{\"test\": 2432232314}")).startsWith("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE= v1,").hasSize(2 * 47 + 1);
    }

    @Test
    void aHealthyReceiverGetsEachAlertOnceWithinASecond() throws Exception {
        try (Receiver receiver = new Receiver(SECRET); Fixture f = new Fixture(dir, receiver.url(), true, fast())) {
            List<Long> latencies = new ArrayList<>();
            for (int i = 0; i < 60; i++) {
                long decided = System.nanoTime();
                f.stepUp("healthy-" + i);
                String id = AlertIds.of("healthy-" + i, "step-up");
                await(() -> receiver.accepted().stream().anyMatch(d -> d.webhookId().equals(id)), Duration.ofSeconds(10));
                latencies.add(receiver.accepted().stream().filter(d -> d.webhookId().equals(id)).findFirst().orElseThrow()
                        .atNanos() - decided);
            }
            latencies.sort(null);
            long p50 = latencies.get(latencies.size() / 2) / 1_000_000;
            long p99 = latencies.get((int) Math.ceil(latencies.size() * 0.99) - 1) / 1_000_000;
            System.out.printf("alert delivery to a healthy receiver: p50 %d ms, p99 %d ms, max %d ms (n=%d)%n", p50, p99,
                    latencies.get(latencies.size() - 1) / 1_000_000, latencies.size());
            assertThat(p99).as("p99 ms from decision to receipt").isLessThanOrEqualTo(1000);
            assertThat(receiver.deliveries).hasSize(60);
            Receiver.Delivery one = receiver.deliveries.peek();
            JsonObject data = one.body().getJsonObject("data");
            assertThat(one.body().getString("type")).isEqualTo("account.alert");
            assertThat(data.getString("alertId")).isEqualTo(one.webhookId());
            assertThat(data.fieldNames()).contains("alertId", "accountId", "kind", "message", "eventIds", "seq", "token")
                    .doesNotContain("fundingSource", "ip", "items");
            assertThat(one.body().encode()).doesNotContain("card", "203.0.113");
            // The receiver records a delivery before its answer reaches the dispatcher, which marks it done then.
            await(() -> f.store.outbox().backlog().pending() == 0, Duration.ofSeconds(5));
        }
    }

    @Test
    void aFlakyReceiverThatIsDownForAWhileLosesNothing() throws Exception {
        try (Receiver receiver = new Receiver(SECRET); Fixture f = new Fixture(dir, receiver.url(), true, fast())) {
            AtomicBoolean down = new AtomicBoolean(false);
            receiver.answer(() -> down.get() ? 0 : ThreadLocalRandom.current().nextInt(10) < 3 ? 500 : 200);
            Set<String> ids = new HashSet<>();
            for (int i = 0; i < 40; i++) {
                if (i == 10) {
                    down.set(true);
                }
                if (i == 30) {
                    down.set(false);
                }
                f.stepUp("flaky-" + i);
                ids.add(AlertIds.of("flaky-" + i, "step-up"));
                Thread.sleep(20);
            }
            await(() -> receiver.accepted().stream().map(Receiver.Delivery::webhookId).distinct().count() == ids.size(),
                    Duration.ofSeconds(60));
            assertThat(receiver.accepted().stream().map(Receiver.Delivery::webhookId)).containsAll(ids);
            assertThat(receiver.deliveries).allSatisfy(d -> {
                assertThat(d.signatureValid()).isTrue();
                assertThat(d.body().getJsonObject("data").getString("alertId")).isEqualTo(d.webhookId());
            });
            assertThat(receiver.deliveries.size()).as("failures were retried").isGreaterThan(ids.size());
            await(() -> f.store.outbox().backlog().pending() == 0, Duration.ofSeconds(10));
            String log = deliveries(dir);
            assertThat(log).contains("\"outcome\":\"failed\"", "\"outcome\":\"delivered\"");
        }
    }

    @Test
    void retryAfterIsHonouredAndA410DisablesTheEndpoint() throws Exception {
        assertThat(AlertDispatcher.retryAfter("120", Instant.EPOCH)).isEqualTo(Duration.ofMinutes(2));
        assertThat(AlertDispatcher.retryAfter("Thu, 01 Jan 1970 00:01:00 GMT", Instant.EPOCH)).isEqualTo(Duration.ofMinutes(1));
        assertThat(new Backoff(Duration.ofMillis(10), Duration.ofMillis(20), Duration.ofDays(1)).delay(1, Duration.ofSeconds(5)))
                .isEqualTo(Duration.ofSeconds(5));
        try (Receiver receiver = new Receiver(SECRET); Fixture f = new Fixture(dir, receiver.url(), true, fast())) {
            receiver.answer(() -> 410);
            f.stepUp("gone-1");
            await(() -> deliveries(dir).contains("\"disabled\""),
                    Duration.ofSeconds(10));
            f.stepUp("gone-2");
            await(() -> f.store.outbox().backlog().pending() == 0, Duration.ofSeconds(10));
            Thread.sleep(300);
            assertThat(receiver.deliveries).as("nothing is posted to a disabled endpoint").hasSize(1);
            assertThat(f.registry.scrape()).contains("riskgate_alert_deliveries_total{endpoint=\"default\",outcome=\"disabled\"} 1.0",
                    "riskgate_alerts_queued_total 2.0", "riskgate_alerts_outbox_pending ",
                    "riskgate_alerts_outbox_oldest_age_seconds ");
        }
    }

    @Test
    void aRestartKeepsEachRetrysTimeAndCountAndADisabledEndpointStaysDisabled() throws Exception {
        Backoff slow = new Backoff(Duration.ofSeconds(4), Duration.ofHours(1), Duration.ofDays(3));
        try (Receiver receiver = new Receiver(SECRET)) {
            receiver.answer(() -> 503);
            try (Fixture f = new Fixture(dir, receiver.url(), true, slow)) {
                f.stepUp("restart-1");
                await(() -> receiver.deliveries.size() == 1, Duration.ofSeconds(10));
                await(() -> deliveries(dir).contains("\"failed\""), Duration.ofSeconds(10));
            }

            try (Fixture f = new Fixture(dir, receiver.url(), true, slow)) {
                Thread.sleep(1500);
                assertThat(receiver.deliveries).as("its retry is 3.2 s or more after the first attempt, not at the restart")
                        .hasSize(1);
                receiver.answer(() -> 410);
                await(() -> receiver.deliveries.size() == 2, Duration.ofSeconds(10));
                await(() -> deliveries(dir).contains("\"disabled\""), Duration.ofSeconds(10));
                assertThat(deliveries(dir)).as("counted on from before the restart")
                        .contains("\"attempt\":2,\"status\":410");
            }

            try (Fixture f = new Fixture(dir, receiver.url(), true, slow)) {
                f.stepUp("restart-2");
                await(() -> f.store.outbox().backlog().pending() == 0, Duration.ofSeconds(10));
                Thread.sleep(300);
                assertThat(receiver.deliveries).as("nothing posted to an endpoint disabled before the restart").hasSize(2);
            }
        }
    }

    @Test
    void aReceiverThatNeverRecoversEndsInTheDeadLetters() throws Exception {
        try (Receiver receiver = new Receiver(SECRET);
             Fixture f = new Fixture(dir, receiver.url(), true,
                     new Backoff(Duration.ofMillis(20), Duration.ofMillis(50), Duration.ofMillis(400)))) {
            receiver.answer(() -> 503);
            f.stepUp("dead-1");
            await(() -> f.store.outbox().backlog().pending() == 0, Duration.ofSeconds(20));
            String log = deliveries(dir);
            assertThat(log).contains("\"outcome\":\"dead\"", AlertIds.of("dead-1", "step-up"));
            assertThat(f.registry.scrape()).contains("riskgate_alert_deliveries_total{endpoint=\"default\",outcome=\"dead\"} 1.0");
        }
    }

    @Test
    void aLoopbackEndpointIsRefusedUnlessAllowed() throws Exception {
        try (Receiver receiver = new Receiver(SECRET); Fixture f = new Fixture(dir, receiver.url(), false, fast())) {
            f.stepUp("private-1");
            await(() -> deliveries(dir).contains("RISKGATE_ALERTS_ALLOW_PRIVATE"),
                    Duration.ofSeconds(10));
            assertThat(receiver.deliveries).isEmpty();
            assertThat(f.store.outbox().backlog().pending()).as("kept for when it is allowed").isEqualTo(1);
        }
    }

    static Backoff fast() {
        return new Backoff(Duration.ofMillis(50), Duration.ofMillis(500), Duration.ofDays(3));
    }

    static void await(BooleanSupplier done, Duration atMost) throws InterruptedException {
        long until = System.nanoTime() + atMost.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > until) {
                throw new AssertionError("not done within " + atMost);
            }
            Thread.sleep(5);
        }
    }

    /** Every delivery attempt logged under {@code dir}'s data directory, one line each. */
    private static String deliveries(Path dir) {
        try {
            return String.join("\n", DeliveryLog.lines(dir.resolve("data")));
        } catch (java.io.IOException e) {
            return "";
        }
    }

    /** A journal store, the shipped pack and a dispatcher to one endpoint: the service's parts, minus HTTP. */
    static final class Fixture implements AutoCloseable {
        final StateStore store;
        final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        final AlertDispatcher dispatcher;
        final DeliveryLog log;
        final Scorer scorer;

        Fixture(Path dir, String url, boolean allowPrivate, Backoff backoff) {
            this(JournalStateStore.open(dir.resolve("data"), Clock.systemUTC()), dir, url, allowPrivate, backoff);
        }

        Fixture(StateStore store, Path dir, String url, boolean allowPrivate, Backoff backoff) {
            this.store = store;
            AlertSettings settings = new AlertSettings(List.of(new WebhookEndpoint("default", URI.create(url),
                    List.of(WebhookSecret.parse(SECRET, "test")), Set.of())), allowPrivate);
            this.log = DeliveryLog.open(dir.resolve("data"));
            this.dispatcher = new AlertDispatcher(store.outbox(), settings, log, registry, Clock.systemUTC(), backoff,
                    Duration.ofMillis(50)).start();
            this.scorer = new Scorer(store, () -> pack, Clock.systemUTC(), List.of(dispatcher), true);
        }

        /** A new account's top-up at the ceiling: STEP_UP, so one step-up alert. */
        void stepUp(String eventId) {
            scorer.score(new ScoreRequestParser(Clock.systemUTC()).parse(new JsonObject().put("eventId", eventId)
                    .put("type", "charge").put("accountId", "acct-" + eventId).put("deviceId", "phone-" + eventId)
                    .put("amount", 100000).put("currency", "JPY").put("fundingSource", "card").put("ip", "203.0.113.9")
                    .put("occurredAt", java.time.OffsetDateTime.now().toString())));
        }

        @Override
        public void close() throws Exception {
            dispatcher.close();
            log.close();
            store.close();
        }
    }
}
