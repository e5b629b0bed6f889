package dev.riskgate.alerts;

import dev.riskgate.decision.Alert;
import dev.riskgate.decision.AlertIds;
import dev.riskgate.scoring.DecisionEnvelope;
import dev.riskgate.scoring.DecisionListener;
import dev.riskgate.state.Outbox;
import dev.riskgate.state.OutboxEntry;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers the outbox's alerts to the webhook endpoints, after the answer and never on the request path:
 * told of a decision with alerts ({@link #decided}), it only notes their ids; its own thread claims each
 * (so of several instances sharing Redis one delivers it) and posts it per Standard Webhooks. An alert is
 * done once every endpoint that takes its kind answered 2xx (or 410, which disables that endpoint); a
 * failure puts it back for a later attempt ({@link Backoff}), re-signed with a fresh timestamp and the same
 * {@code webhook-id}; past the backoff's limit it goes to the dead letters. A sweep every {@code sweepEvery}
 * claims what is due: retries, and alerts whose claimant died.
 */
public final class AlertDispatcher implements DecisionListener, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AlertDispatcher.class);
    /** How long a claim holds an alert: longer than one delivery to every endpoint can take. */
    static final Duration LEASE = Duration.ofMinutes(2);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
    private static final int IN_FLIGHT = 16;

    private final Outbox outbox;
    private final AlertSettings settings;
    private final AlertTokens tokens;
    private final DeliveryLog log;
    private final Clock clock;
    private final Backoff backoff;
    private final Duration sweepEvery;
    private final HttpClient http;
    private final LinkedBlockingQueue<String[]> hints = new LinkedBlockingQueue<>(100_000);
    private final Semaphore inFlight = new Semaphore(IN_FLIGHT);
    private final ExecutorService senders;
    private final Thread loop;
    private final Map<String, Integer> attempts = new ConcurrentHashMap<>();
    /** (alertId, endpoint) pairs delivered while the alert still waits for another endpoint. */
    private final Set<String> deliveredTo = ConcurrentHashMap.newKeySet();
    private final Set<String> disabled = ConcurrentHashMap.newKeySet();
    private final MeterRegistry registry;
    private final Counter queued;
    private final AtomicReference<Outbox.Backlog> backlog = new AtomicReference<>(new Outbox.Backlog(0, java.util.Optional.empty()));
    private volatile boolean running = true;
    private volatile long lastBacklogRead;

    public AlertDispatcher(Outbox outbox, AlertSettings settings, DeliveryLog log, MeterRegistry registry, Clock clock,
                           Backoff backoff, Duration sweepEvery) {
        this.outbox = outbox;
        this.settings = settings;
        this.tokens = settings.tokens();
        this.log = log;
        this.clock = clock;
        this.backoff = backoff;
        this.sweepEvery = sweepEvery;
        this.registry = registry;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER).build();
        this.senders = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "riskgate-alert-sender");
            t.setDaemon(true);
            return t;
        });
        this.queued = Counter.builder("riskgate.alerts.queued").description("alerts committed to the outbox")
                .register(registry);
        Gauge.builder("riskgate.alerts.outbox.pending", backlog, b -> b.get().pending())
                .description("alerts in the outbox not yet delivered or given up").register(registry);
        Gauge.builder("riskgate.alerts.outbox.oldest.age", backlog, b -> b.get().oldest()
                        .map(t -> Math.max(0, Duration.between(t, clock.instant()).toMillis() / 1000.0)).orElse(0.0))
                .baseUnit("seconds").description("age of the oldest undelivered alert (0 when none)").register(registry);
        for (WebhookEndpoint e : settings.endpoints()) {
            if (log.disabled(e)) {
                disabled.add(e.name());
                LOG.error("alert endpoint {} answered 410 Gone before: still disabled, no alerts are posted to it"
                        + " (configure its URL anew to enable it)", e.name());
            }
            for (String outcome : List.of("delivered", "failed", "dead", "disabled")) {
                counter(e.name(), outcome);
            }
        }
        this.loop = new Thread(this::run, "riskgate-alert-dispatcher");
        loop.setDaemon(true);
    }

    public AlertDispatcher start() {
        loop.start();
        return this;
    }

    /** Notes the decision's alerts for delivery; they are already in the outbox, committed with it. */
    @Override
    public void decided(DecisionEnvelope decision) {
        for (Alert a : decision.decision().alerts()) {
            queued.increment();
            hints.offer(new String[] {AlertIds.of(decision.event().eventId(), a.kind()), decision.event().eventId()});
        }
    }

    private void run() {
        long nextSweep = 0;
        while (running) {
            try {
                String[] hint = hints.poll(Math.max(1, nextSweep - System.currentTimeMillis()), TimeUnit.MILLISECONDS);
                if (hint != null) {
                    inFlight.acquire();
                    outbox.claim(hint[0], hint[1], LEASE).ifPresentOrElse(this::send, inFlight::release);
                } else {
                    int free = inFlight.availablePermits();
                    if (free > 0) {
                        List<OutboxEntry> due = outbox.claimDue(free, LEASE);
                        for (OutboxEntry e : due) {
                            inFlight.acquire();
                            send(e);
                        }
                    }
                    readBacklog();
                    nextSweep = System.currentTimeMillis() + sweepEvery.toMillis();
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.warn("alert dispatch failed; trying again at the next sweep", e);
                nextSweep = System.currentTimeMillis() + sweepEvery.toMillis();
            }
        }
    }

    private void readBacklog() {
        if (System.currentTimeMillis() - lastBacklogRead >= Math.max(sweepEvery.toMillis(), 5_000)) {
            backlog.set(outbox.backlog());
            lastBacklogRead = System.currentTimeMillis();
        }
    }

    private void send(OutboxEntry entry) {
        senders.execute(() -> {
            try {
                deliver(entry);
            } catch (RuntimeException e) {
                LOG.warn("delivering alert {} failed", entry.alertId(), e);
            } finally {
                inFlight.release();
            }
        });
    }

    /** Posts {@code entry} to every endpoint that takes its kind and has not yet had it; then done or retry. */
    void deliver(OutboxEntry entry) {
        JsonObject data = new JsonObject(entry.data());
        String kind = data.getString("kind");
        Instant raised = Instant.parse(data.getString("raisedAt"));
        // An alert this dispatcher has not tried yet may have been tried before a restart, or by another
        // instance: its age says how many attempts the backoff made by now.
        int attempt = attempts.compute(entry.alertId(), (id, n) -> n != null ? n + 1
                : backoff.attemptAt(Duration.between(raised, clock.instant())));
        Duration retryAfter = null;
        boolean allDone = true;
        for (WebhookEndpoint endpoint : settings.endpoints()) {
            String pair = entry.alertId() + " " + endpoint.name();
            if (!endpoint.takes(kind) || disabled.contains(endpoint.name()) || deliveredTo.contains(pair)) {
                continue;
            }
            Attempted result = post(endpoint, entry, data);
            Instant now = clock.instant();
            if (result.status() >= 200 && result.status() < 300) {
                deliveredTo.add(pair);
                counter(endpoint.name(), "delivered").increment();
                log.attempt(now, entry.alertId(), endpoint.name(), attempt, result.status(), "delivered", null);
            } else if (result.status() == 410) {
                // The receiver says the endpoint is gone for good: stop posting to it (until its URL is
                // configured anew; a restart keeps it disabled), and say so loudly.
                disabled.add(endpoint.name());
                log.disable(endpoint);
                counter(endpoint.name(), "disabled").increment();
                log.attempt(now, entry.alertId(), endpoint.name(), attempt, 410, "disabled", "410 Gone: endpoint disabled");
                LOG.error("alert endpoint {} answered 410 Gone: disabled, no more alerts are posted to it", endpoint.name());
            } else {
                allDone = false;
                counter(endpoint.name(), "failed").increment();
                log.attempt(now, entry.alertId(), endpoint.name(), attempt, result.status(), "failed", result.error());
                if (result.retryAfter() != null && (retryAfter == null || result.retryAfter().compareTo(retryAfter) > 0)) {
                    retryAfter = result.retryAfter();
                }
            }
        }
        if (allDone) {
            finish(entry, true);
            return;
        }
        Instant next = clock.instant().plus(backoff.delay(attempt, retryAfter));
        if (Duration.between(raised, next).compareTo(backoff.giveUpAfter()) > 0) {
            for (WebhookEndpoint endpoint : settings.endpoints()) {
                if (endpoint.takes(kind) && !deliveredTo.contains(entry.alertId() + " " + endpoint.name())
                        && !disabled.contains(endpoint.name())) {
                    counter(endpoint.name(), "dead").increment();
                    log.attempt(clock.instant(), entry.alertId(), endpoint.name(), attempt, 0, "dead",
                            "given up after " + attempt + " attempts since " + raised);
                }
            }
            finish(entry, false);
            return;
        }
        outbox.retryAt(entry, next);
    }

    private void finish(OutboxEntry entry, boolean delivered) {
        outbox.done(entry, delivered);
        attempts.remove(entry.alertId());
        settings.endpoints().forEach(e -> deliveredTo.remove(entry.alertId() + " " + e.name()));
    }

    private record Attempted(int status, Duration retryAfter, String error) {
    }

    private Attempted post(WebhookEndpoint endpoint, OutboxEntry entry, JsonObject data) {
        if (!settings.allowPrivate()) {
            String refusal = PrivateAddresses.refusal(endpoint.url().getHost());
            if (refusal != null) {
                return new Attempted(0, null, refusal);
            }
        }
        Instant now = clock.instant();
        String body = body(entry, data, now);
        long timestamp = now.getEpochSecond();
        HttpRequest request = HttpRequest.newBuilder(endpoint.url()).timeout(REQUEST_TIMEOUT)
                .header("content-type", "application/json")
                .header("webhook-id", entry.alertId())
                .header("webhook-timestamp", Long.toString(timestamp))
                .header("webhook-signature", WebhookSecret.header(endpoint.secrets(), entry.alertId(), timestamp, body))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        try {
            HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
            return new Attempted(response.statusCode(), retryAfter(response.headers().firstValue("retry-after").orElse(null), now),
                    response.statusCode() / 100 == 2 ? null : "HTTP " + response.statusCode());
        } catch (java.io.IOException e) {
            return new Attempted(0, null, e.getClass().getSimpleName() + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Attempted(0, null, "interrupted");
        }
    }

    /** The webhook body: {@code {type, timestamp, data}}, data with the owner's token for this alert. */
    String body(OutboxEntry entry, JsonObject data, Instant now) {
        JsonObject withToken = data.copy().put("token", tokens.issue(entry.alertId(), now));
        return new JsonObject().put("type", "account.alert").put("timestamp", now.toString()).put("data", withToken).encode();
    }

    /** {@code Retry-After}: seconds, or an HTTP date. */
    static Duration retryAfter(String header, Instant now) {
        if (header == null || header.isBlank()) {
            return null;
        }
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(header.trim())));
        } catch (NumberFormatException notSeconds) {
            try {
                Instant at = ZonedDateTime.parse(header.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                return at.isAfter(now) ? Duration.between(now, at) : Duration.ZERO;
            } catch (java.time.format.DateTimeParseException bad) {
                return null;
            }
        }
    }

    private Counter counter(String endpoint, String outcome) {
        return Counter.builder("riskgate.alert.deliveries").tag("endpoint", endpoint).tag("outcome", outcome)
                .description("alert delivery attempts by endpoint and outcome").register(registry);
    }

    @Override
    public void close() {
        running = false;
        loop.interrupt();
        senders.shutdown();
        try {
            senders.awaitTermination(REQUEST_TIMEOUT.toSeconds() + 1, TimeUnit.SECONDS);
            loop.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
