package dev.riskgate.http.console;

import dev.riskgate.console.ConsoleQueries;
import dev.riskgate.console.DecisionFilter;
import dev.riskgate.console.DecisionRow;
import dev.riskgate.console.IndexStatus;
import dev.riskgate.console.ReviewQueue;
import dev.riskgate.decision.FeedbackOutcome;
import dev.riskgate.event.BadRequest;
import dev.riskgate.event.ScoreRequest;
import dev.riskgate.event.ScoreRequestParser;
import dev.riskgate.event.StrictJson;
import dev.riskgate.http.AdminApi;
import dev.riskgate.http.ApiKeys;
import dev.riskgate.http.FeedbackAudit;
import dev.riskgate.rules.LivePack;
import dev.riskgate.scoring.DryRun;
import dev.riskgate.scoring.FeedbackConflict;
import dev.riskgate.scoring.FeedbackRecorder;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

/**
 * The analyst console's pages at {@code /console} (docs/console.md): server-rendered from precompiled JTE
 * templates, htmx and the stylesheet served from the jar, every route behind {@link ConsoleLogin}.
 */
public final class ConsoleWeb implements AutoCloseable {

    private static final int PAGE = 50;
    private static final String HTMX = "META-INF/resources/webjars/htmx.org/2.0.4/dist/htmx.min.js";

    private final Vertx vertx;
    private final ConsoleLogin login;
    private final Pages pages = new Pages();
    private final ConsoleQueries queries;
    private final ReviewQueue queue;
    private final Supplier<IndexStatus> indexStatus;
    private final FeedbackRecorder feedback;
    private final FeedbackAudit feedbackAudit;
    private final ConsoleAudit audit;
    private final DryRun dryRun;
    private final LivePack active;
    private final LivePack shadow;
    private final Clock clock;
    private final ScoreRequestParser parser;
    private final Buffer htmx = resource(HTMX);
    private final Buffer css = resource("console/console.css");

    public ConsoleWeb(Vertx vertx, ApiKeys keys, ConsoleQueries queries, ReviewQueue queue,
                      Supplier<IndexStatus> indexStatus, FeedbackRecorder feedback, FeedbackAudit feedbackAudit,
                      java.nio.file.Path dataDir, dev.riskgate.decisionlog.Retention retention, DryRun dryRun,
                      LivePack active, LivePack shadow, Clock clock) {
        this.vertx = vertx;
        this.queries = queries;
        this.queue = queue;
        this.indexStatus = indexStatus;
        this.feedback = feedback;
        this.feedbackAudit = feedbackAudit;
        this.audit = ConsoleAudit.open(dataDir, retention, clock);
        this.login = new ConsoleLogin(keys, new ConsoleSessions(clock), audit, pages);
        this.dryRun = dryRun;
        this.active = active;
        this.shadow = shadow;
        this.clock = clock;
        this.parser = new ScoreRequestParser(clock);
    }

    public void mount(Router router) {
        login.mount(router);
        router.get("/console/static/htmx.min.js").handler(ctx -> asset(ctx, "text/javascript", htmx));
        router.get("/console/static/console.css").handler(ctx -> asset(ctx, "text/css", css));
        router.get("/console").handler(this::decisions);
        router.get("/console/decisions").handler(this::decisions);
        router.get("/console/decisions/:eventId").handler(this::decision);
        router.get("/console/queue").handler(this::queuePage);
        router.post("/console/queue/claim").handler(this::claim);
        router.post("/console/queue/label").handler(this::label);
        router.get("/console/rules").handler(this::rules);
        router.get("/console/accounts/:id").handler(ctx -> timeline(ctx, "account"));
        router.get("/console/devices/:id").handler(ctx -> timeline(ctx, "device"));
        router.get("/console/try").handler(ctx -> tryPage(ctx, "", null, null));
        router.post("/console/try").handler(this::tryEvent);
    }

    /**
     * On an instance with RISKGATE_CONSOLE=off: every console route says so, rather than a bare 404 that
     * looks like a wrong address.
     */
    public static void mountOff(Router router) {
        router.route("/console*").handler(ctx -> ctx.response().setStatusCode(404)
                .putHeader("content-type", "application/json")
                .end("{\"error\":\"the analyst console is off on this instance (RISKGATE_CONSOLE=off); "
                        + "use the instance analysts are given (docs/console.md)\",\"code\":\"console_off\"}"));
    }

    /** The page frame, with how far the index is behind the decision log. */
    private Chrome chrome(RoutingContext ctx, String title, String nav) {
        return ConsoleLogin.chrome(ctx, title, nav).with(indexStatus.get());
    }

    // --- pages -------------------------------------------------------------------------------------------

    private void decisions(RoutingContext ctx) {
        DecisionFilter filter;
        int page;
        try {
            filter = filter(ctx);
            page = Math.max(0, Integer.parseInt(Optional.ofNullable(ctx.request().getParam("page")).orElse("0")));
        } catch (IllegalArgumentException | DateTimeParseException e) {
            pages.render(ctx, 400, "error.jte", Map.of("chrome", chrome(ctx, "Bad filter", "decisions"), "message", e.getMessage()));
            return;
        }
        blocking(ctx, () -> queries.decisions(filter, page, PAGE)).onSuccess(rows -> pages.render(ctx, 200, "decisions.jte",
                Map.of("chrome", chrome(ctx, "Decisions", "decisions"), "rows", rows, "filter", filter, "page", page,
                        "more", rows.size() == PAGE, "query", query(ctx))));
    }

    private static DecisionFilter filter(RoutingContext ctx) {
        return new DecisionFilter(ctx.request().getParam("q"), ctx.request().getParam("decision"),
                ctx.request().getParam("rule"), ctx.request().getParam("account"), ctx.request().getParam("device"),
                ctx.request().getParam("store"), instant(ctx.request().getParam("from")), instant(ctx.request().getParam("to")));
    }

    /** An ISO instant, or a local date-time as a datetime-local field sends it (read as UTC). */
    private static Instant instant(String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        String s = raw.strip();
        return s.endsWith("Z") || s.matches(".*[+-]\\d\\d:\\d\\d$") ? java.time.OffsetDateTime.parse(s).toInstant()
                : java.time.LocalDateTime.parse(s).toInstant(java.time.ZoneOffset.UTC);
    }

    /** The list's query string without {@code page}, for the next and previous links. */
    private static String query(RoutingContext ctx) {
        StringBuilder q = new StringBuilder();
        ctx.queryParams().forEach((k, v) -> {
            if (!k.equals("page") && !v.isBlank()) {
                q.append(q.isEmpty() ? "" : "&").append(enc(k)).append('=').append(enc(v));
            }
        });
        return q.toString();
    }

    private static String enc(String s) {
        return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8);
    }

    private void decision(RoutingContext ctx) {
        String eventId = ctx.pathParam("eventId");
        blocking(ctx, () -> queries.decision(eventId)).onSuccess(d -> {
            if (d.isEmpty()) {
                pages.render(ctx, 404, "error.jte", Map.of("chrome", chrome(ctx, "Not found", "decisions"),
                        "message", "No decision with eventId '" + eventId + "' is in the index."));
                return;
            }
            pages.render(ctx, 200, "decision.jte", Map.of("chrome", chrome(ctx, "Decision " + eventId, "decisions"),
                    "d", d.get(), "reasons", LabelReasons.BY_OUTCOME));
        });
    }

    private void queuePage(RoutingContext ctx) {
        blocking(ctx, () -> {
            Map<String, Object> m = new HashMap<>();
            m.put("waiting", queue.waiting(10_000));
            m.put("current", queue.current(ConsoleLogin.holder(ctx)).flatMap(l -> queries.decision(l.eventId())).orElse(null));
            return m;
        }).onSuccess(m -> {
            m.put("chrome", chrome(ctx, "Review queue", "queue"));
            m.put("reasons", LabelReasons.BY_OUTCOME);
            m.put("message", Optional.ofNullable(ctx.request().getParam("m")).orElse(""));
            pages.render(ctx, 200, "queue.jte", m);
        });
    }

    private void claim(RoutingContext ctx) {
        blocking(ctx, () -> queue.claim(ConsoleLogin.holder(ctx), ConsoleLogin.keyId(ctx))).onSuccess(lease -> {
            audit.write(ConsoleLogin.keyId(ctx), "claim", lease.map(ReviewQueue.Lease::eventId).orElse(null),
                    lease.map(l -> "until " + l.until()).orElse("queue empty"));
            Pages.redirect(ctx, "/console/queue" + (lease.isEmpty() ? "?m=empty" : ""));
        });
    }

    private void label(RoutingContext ctx) {
        String eventId = ctx.request().getFormAttribute("eventId");
        String outcome = ctx.request().getFormAttribute("outcome");
        String reason = ctx.request().getFormAttribute("reason");
        if (eventId == null || outcome == null || !LabelReasons.fits(outcome, reason)) {
            pages.render(ctx, 400, "error.jte", Map.of("chrome", chrome(ctx, "Bad label", "queue"), "message",
                    "A label needs an eventId, an outcome FRAUD or LEGIT, and one of its reason codes: " + LabelReasons.BY_OUTCOME));
            return;
        }
        boolean next = "next".equals(ctx.request().getFormAttribute("then"));
        blocking(ctx, () -> {
            if (!queue.mayLabel(eventId, ConsoleLogin.holder(ctx))) {
                return "held";
            }
            // The same path as POST /v1/feedback: the state store records it, the decision log hears of it.
            FeedbackRecorder.Recorded r;
            try {
                r = feedback.record(eventId, FeedbackOutcome.valueOf(outcome));
            } catch (FeedbackConflict e) {
                feedbackAudit.record(ConsoleLogin.keyId(ctx), eventId, outcome, 409, "conflict", reason);
                return "conflict";
            }
            feedbackAudit.record(ConsoleLogin.keyId(ctx), eventId, outcome, 200, r.changed() ? "changed" : "unchanged", reason);
            queue.labelled(eventId, outcome, reason, ConsoleLogin.keyId(ctx));
            audit.write(ConsoleLogin.keyId(ctx), "label", eventId, outcome + " " + reason);
            if (next) {
                queue.claim(ConsoleLogin.holder(ctx), ConsoleLogin.keyId(ctx)).ifPresent(l -> audit.write(ConsoleLogin.keyId(ctx), "claim", l.eventId(), "until " + l.until()));
            }
            return "labelled";
        }).onSuccess(result -> {
            if (result.equals("held")) {
                pages.render(ctx, 409, "error.jte", Map.of("chrome", chrome(ctx, "Case held", "queue"), "message",
                        "Another analyst holds the lease on " + eventId + "; claim the next case instead."));
            } else if (result.equals("conflict")) {
                pages.render(ctx, 409, "error.jte", Map.of("chrome", chrome(ctx, "Conflict", "queue"), "message",
                        "The state store refused that feedback for " + eventId + "."));
            } else {
                Pages.redirect(ctx, next ? "/console/queue" : "/console/decisions/" + enc(eventId));
            }
        });
    }

    private void rules(RoutingContext ctx) {
        int days;
        try {
            days = Integer.parseInt(Optional.ofNullable(ctx.request().getParam("days")).orElse("7"));
            if (days < 1 || days > 400) {
                throw new IllegalArgumentException("days must be in the range [1, 400], was " + days);
            }
        } catch (IllegalArgumentException e) {
            pages.render(ctx, 400, "error.jte", Map.of("chrome", chrome(ctx, "Bad window", "rules"), "message", e.getMessage()));
            return;
        }
        blocking(ctx, () -> queries.rules(days, clock.instant())).onSuccess(w -> {
            Map<String, Object> m = new HashMap<>();
            m.put("chrome", chrome(ctx, "Rules", "rules"));
            m.put("w", w);
            m.put("active", active.status());
            m.put("shadow", shadow == null ? null : shadow.status());
            pages.render(ctx, 200, "rules.jte", m);
        });
    }

    private void timeline(RoutingContext ctx, String kind) {
        String id = ctx.pathParam("id");
        DecisionFilter f = kind.equals("account") ? new DecisionFilter(null, null, null, id, null, null, null, null)
                : new DecisionFilter(null, null, null, null, id, null, null, null);
        blocking(ctx, () -> queries.decisions(f, 0, 200)).onSuccess(rows -> {
            Map<String, Object> m = new HashMap<>();
            m.put("chrome", chrome(ctx, (kind.equals("account") ? "Account " : "Device ") + id, "decisions"));
            m.put("kind", kind);
            m.put("id", id);
            m.put("rows", rows);
            m.put("devices", ConsoleQueries.distinct(rows, DecisionRow::deviceId));
            m.put("stores", ConsoleQueries.distinct(rows, DecisionRow::storeId));
            m.put("accounts", ConsoleQueries.distinct(rows, DecisionRow::accountId));
            pages.render(ctx, 200, "timeline.jte", m);
        });
    }

    private void tryPage(RoutingContext ctx, String body, Object result, String error) {
        Map<String, Object> m = new HashMap<>();
        m.put("chrome", chrome(ctx, "Try an event", "try"));
        m.put("body", body);
        m.put("result", result == null ? "" : result.toString());
        m.put("error", error == null ? "" : error);
        pages.render(ctx, error == null ? 200 : 400, "try.jte", m);
    }

    private void tryEvent(RoutingContext ctx) {
        String body = Optional.ofNullable(ctx.request().getFormAttribute("event")).orElse("");
        ScoreRequest req;
        try {
            req = parser.parse(StrictJson.object(Buffer.buffer(body)));
        } catch (BadRequest e) {
            tryPage(ctx, body, null, e.getMessage());
            return;
        }
        vertx.executeBlocking(() -> dryRun.run(req), false).onComplete(ar -> {
            if (ar.failed()) {
                tryPage(ctx, body, null, ar.cause().getMessage());
                return;
            }
            audit.write(ConsoleLogin.keyId(ctx), "dry_run", req.eventId(), ar.result().active().decision().name());
            tryPage(ctx, body, AdminApi.json(ar.result()).encodePrettily(), null);
        });
    }

    // --- plumbing ----------------------------------------------------------------------------------------

    private <T> Future<T> blocking(RoutingContext ctx, Callable<T> work) {
        return vertx.executeBlocking(work, false).onFailure(ctx::fail);
    }

    private static void asset(RoutingContext ctx, String type, Buffer body) {
        ctx.response().putHeader("content-type", type).putHeader("cache-control", "max-age=3600").end(body);
    }

    private static Buffer resource(String path) {
        try (InputStream in = ConsoleWeb.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException(path + " is missing from the jar");
            }
            return Buffer.buffer(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        audit.close();
    }
}
