package dev.riskgate.alerts;

import static dev.riskgate.alerts.WebhookDeliveryTest.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.riskgate.TestPaths;
import dev.riskgate.decision.AlertIds;
import dev.riskgate.event.ScoreRequestParser;
import dev.riskgate.rules.RulePack;
import dev.riskgate.rules.RulePackLoader;
import dev.riskgate.scoring.Scorer;
import dev.riskgate.state.StateStore;
import dev.riskgate.state.redis.RedisServer;
import dev.riskgate.state.redis.RedisStateStore;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three instances share one real redis-server, each with its own dispatcher, and every one of them is
 * told of every alert (the worst case for the claim): each alert reaches the receiver exactly once. A
 * claimant that dies holding a claim leaves the alert to another instance once the lease ends.
 */
class ThreeInstancesDeliverOnceTest {

    @TempDir
    Path dir;

    @Test
    void eachAlertIsDeliveredByExactlyOneOfThreeInstances() throws Exception {
        try (RedisServer server = RedisServer.start(dir);
             RulePack pack = new RulePackLoader(Clock.systemUTC()).load(TestPaths.rules());
             Receiver receiver = new Receiver(WebhookDeliveryTest.SECRET)) {
            String prefix = "three:" + System.nanoTime() + ":";
            List<StateStore> stores = new ArrayList<>();
            List<AlertDispatcher> dispatchers = new ArrayList<>();
            try {
                for (int i = 0; i < 3; i++) {
                    StateStore store = RedisStateStore.open(server.url(), prefix);
                    stores.add(store);
                    dispatchers.add(dispatcher(store, receiver, i).start());
                }
                List<Scorer> scorers = new ArrayList<>();
                for (StateStore store : stores) {
                    scorers.add(new Scorer(store, () -> pack, Clock.systemUTC(), List.copyOf(dispatchers), true));
                }
                int n = 60;
                for (int i = 0; i < n; i++) {
                    scorers.get(i % 3).score(stepUp("three-" + i));
                }
                await(() -> receiver.accepted().size() >= n, Duration.ofSeconds(30));
                Thread.sleep(500); // a second delivery would land meanwhile
                Map<String, Long> perId = receiver.deliveries.stream()
                        .collect(Collectors.groupingBy(Receiver.Delivery::webhookId, Collectors.counting()));
                assertThat(perId).hasSize(n);
                assertThat(perId.values()).as("deliveries per webhook-id").containsOnly(1L);
                assertThat(stores.get(0).outbox().backlog().pending()).isZero();
            } finally {
                dispatchers.forEach(AlertDispatcher::close);
                stores.forEach(StateStore::close);
            }
        }
    }

    @Test
    void anAlertWhoseClaimantDiedIsDeliveredByAnotherOnceTheLeaseEnds() throws Exception {
        try (RedisServer server = RedisServer.start(dir);
             RulePack pack = new RulePackLoader(Clock.systemUTC()).load(TestPaths.rules());
             Receiver receiver = new Receiver(WebhookDeliveryTest.SECRET)) {
            String prefix = "died:" + System.nanoTime() + ":";
            try (StateStore dying = RedisStateStore.open(server.url(), prefix); StateStore other = RedisStateStore.open(server.url(), prefix)) {
                new Scorer(dying, () -> pack, Clock.systemUTC(), List.of(), true).score(stepUp("orphan-1"));
                String id = AlertIds.of("orphan-1", "step-up");
                assertThat(dying.outbox().claim(id, "orphan-1", Duration.ofMillis(800))).isPresent();
                // ...and the instance dies holding it: no done, no retry.
                long claimed = System.nanoTime();
                try (AlertDispatcher survivor = dispatcher(other, receiver, 1).start()) {
                    await(() -> !receiver.accepted().isEmpty(), Duration.ofSeconds(20));
                    assertThat(System.nanoTime() - claimed).as("not before the lease ended").isGreaterThan(700_000_000L);
                    assertThat(receiver.accepted()).singleElement().satisfies(d -> assertThat(d.webhookId()).isEqualTo(id));
                }
            }
        }
    }

    private static AlertDispatcher dispatcher(StateStore store, Receiver receiver, int instance) {
        AlertSettings settings = new AlertSettings(List.of(new WebhookEndpoint("default", URI.create(receiver.url()),
                List.of(WebhookSecret.parse(WebhookDeliveryTest.SECRET, "test")), Set.of())), true);
        return new AlertDispatcher(store.outbox(), settings, DeliveryLog.open(Path.of(System.getProperty("java.io.tmpdir"))
                .resolve("riskgate-three-" + ProcessHandle.current().pid() + "-" + instance)),
                new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), Clock.systemUTC(), WebhookDeliveryTest.fast(),
                Duration.ofMillis(100));
    }

    private static dev.riskgate.event.ScoreRequest stepUp(String eventId) {
        return new ScoreRequestParser(Clock.systemUTC()).parse(new JsonObject().put("eventId", eventId)
                .put("type", "charge").put("accountId", "acct-" + eventId).put("deviceId", "phone-" + eventId)
                .put("amount", 100000).put("currency", "JPY").put("occurredAt", OffsetDateTime.now().toString()));
    }
}
