package dev.riskgate.http.console;

import dev.riskgate.console.ConsoleQueries;
import dev.riskgate.console.DecisionFilter;
import dev.riskgate.console.DecisionRow;
import dev.riskgate.console.ReviewQueue;
import dev.riskgate.decision.FeedbackOutcome;
import dev.riskgate.event.BadRequest;
import dev.riskgate.event.ScoreRequest;
import dev.riskgate.event.ScoreRequestParser;
import dev.riskgate.event.StrictJson;
import dev.riskgate.http.AdminApi;
import dev.riskgate.http.ApiKeys;
import dev.riskgate.http.ApiKeys.Scope;
import dev.riskgate.http.BearerAuth;
import dev.riskgate.http.FeedbackAudit;
import dev.riskgate.rules.LivePack;
import dev.riskgate.scoring.DryRun;
import dev.riskgate.scoring.FeedbackConflict;
import dev.riskgate.scoring.FeedbackRecorder;
import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
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

/**
 * The analyst console at {@code /console} (docs/console.md): server-rendered pages from precompiled JTE
 * templates, htmx and the stylesheet served from the jar. A browser logs in once with its key through a
 * form and then holds a session cookie (HttpOnly, SameSite=Strict, Secure over TLS): a browser cannot put
 * a bearer header on a link it follows, and a key in the URL would end up in history and proxy logs.
 * Scripts may still send {@code Authorization: Bearer}. Every cookie-authenticated POST carries the
 * session's CSRF token.
 */
public final class ConsoleWeb implements AutoCloseable {

    static final String COOKIE = "riskgate_console";
    private static final String LOGIN_COOKIE = "riskgate_login";
    private static final String KEY_ID = "console.keyId";
    private static final String SESSION = "console.session";
    private static final int PAGE = 50;
    private static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
            + "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
    private static final String HTMX = "META-INF/resources/webjars/htmx.org/2.0.4/dist/htmx.min.js";

    private final Vertx vertx;
    private final ApiKeys keys;
    private final BearerAuth bearer;
    private final ConsoleQueries queries;
    private final ReviewQueue queue;
    private final FeedbackRecorder feedback;
    private final FeedbackAudit feedbackAudit;
    private final ConsoleAudit audit;
    private final DryRun dryRun;
    private final LivePack active;
    private final LivePack shadow;
    private final Clock clock;
    private final ScoreRequestParser parser;
    private final ConsoleSessions sessions;
    private final TemplateEngine templates = TemplateEngine.createPrecompiled(ContentType.Html);
    private final Buffer htmx = resource(HTMX);
    private final Buffer css = resource("console/console.css");

    public ConsoleWeb(Vertx vertx, ApiKeys keys, ConsoleQueries queries, ReviewQueue queue, FeedbackRecorder feedback,
                      FeedbackAudit feedbackAudit, java.nio.file.Path dataDir, dev.riskgate.decisionlog.Retention retention,
                      DryRun dryRun, LivePack active, LivePack shadow, Clock clock) {
        this.vertx = vertx;
        this.keys = keys;
        this.bearer = new BearerAuth(keys);
        this.queries = queries;
        this.queue = queue;
        this.feedback = feedback;
        this.feedbackAudit = feedbackAudit;
        this.audit = ConsoleAudit.open(dataDir, retention, clock);
        this.dryRun = dryRun;
        this.active = active;
        this.shadow = shadow;
        this.clock = clock;
        this.parser = new ScoreRequestParser(clock);
        this.sessions = new ConsoleSessions(clock);
    }

    public void mount(Router router) {
        router.route().pathRegex("^/console(/.*)?$").order(BearerAuth.ORDER + 3)
                .handler(BodyHandler.create(false).setBodyLimit(64 * 1024));
        router.route().pathRegex("^/console(/.*)?$").order(BearerAuth.ORDER + 4).handler(this::guard);
        router.route().pathRegex("^/console(/.*)?$").order(BearerAuth.ORDER + 5).handler(ctx -> {
            if (ctx.get(KEY_ID) == null) {
                ctx.put(KEY_ID, BearerAuth.keyId(ctx)); // let through by the bearer check
            }
            ctx.next();
        });
        router.get("/console/static/htmx.min.js").handler(ctx -> asset(ctx, "text/javascript", htmx));
        router.get("/console/static/console.css").handler(ctx -> asset(ctx, "text/css", css));
        router.get("/console/login").handler(ctx -> loginPage(ctx, 200, null));
        router.post("/console/login").handler(this::login);
        router.post("/console/logout").handler(this::logout);
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

    // --- who is calling ----------------------------------------------------------------------------------

    private void guard(RoutingContext ctx) {
        ctx.response().putHeader("content-security-policy", CSP).putHeader("x-content-type-options", "nosniff")
                .putHeader("referrer-policy", "no-referrer").putHeader("cache-control", "no-store")
                .putHeader("x-frame-options", "DENY");
        String path = ctx.normalizedPath();
        if (path.startsWith("/console/static/") || path.equals("/console/login")) {
            ctx.next();
            return;
        }
        if (keys.open()) {
            ctx.put(KEY_ID, "insecure");
            ctx.next();
            return;
        }
        if (ctx.request().getHeader("authorization") != null) {
            // A script: the bearer check answers 401/403 in JSON; no cookie, so no CSRF to fear.
            bearer.require(Scope.ANALYST).handle(ctx);
            return;
        }
        Cookie cookie = ctx.request().getCookie(COOKIE);
        Optional<ConsoleSessions.Session> session = sessions.find(cookie == null ? null : cookie.getValue());
        if (session.isEmpty()) {
            if (ctx.request().method() == HttpMethod.GET) {
                loginPage(ctx, 401, null);
            } else {
                ctx.response().setStatusCode(401).putHeader("content-type", "application/json")
                        .end("{\"error\":\"log in to the console first\",\"code\":\"unauthorized\"}");
            }
            return;
        }
        if (ctx.request().method() == HttpMethod.POST) {
            String sent = Optional.ofNullable(ctx.request().getFormAttribute("csrf"))
                    .orElse(ctx.request().getHeader("x-csrf-token"));
            if (sent == null || !java.security.MessageDigest.isEqual(sent.getBytes(), session.get().csrf().getBytes())) {
                ctx.response().setStatusCode(403).putHeader("content-type", "application/json")
                        .end("{\"error\":\"the form's CSRF token is missing or stale; reload the page\",\"code\":\"forbidden\"}");
                return;
            }
        }
        ctx.put(KEY_ID, session.get().keyId());
        ctx.put(SESSION, session.get());
        ctx.next();
    }

    private static String keyId(RoutingContext ctx) {
        return ctx.get(KEY_ID);
    }

    /** The lease holder: the login session, or for a script its key. */
    private static String holder(RoutingContext ctx) {
        ConsoleSessions.Session s = ctx.get(SESSION);
        return s != null ? s.id() : "key:" + keyId(ctx);
    }

    private static Chrome chrome(RoutingContext ctx, String title, String nav) {
        ConsoleSessions.Session s = ctx.get(SESSION);
        return new Chrome(title, nav, keyId(ctx), s == null ? "" : s.csrf());
    }

    private void loginPage(RoutingContext ctx, int status, String error) {
        String token = ConsoleSessions.token();
        ctx.response().addCookie(cookie(ctx, LOGIN_COOKIE, token).setPath("/console/login"));
        render(ctx, status, "login.jte", Map.of("chrome", new Chrome("Log in", "", null, token),
                "error", error == null ? "" : error));
    }

    private void login(RoutingContext ctx) {
        Cookie expected = ctx.request().getCookie(LOGIN_COOKIE);
        String sent = ctx.request().getFormAttribute("csrf");
        if (expected == null || sent == null || !expected.getValue().equals(sent)) {
            loginPage(ctx, 403, "The login form was stale. Try again.");
            return;
        }
        String key = Optional.ofNullable(ctx.request().getFormAttribute("key")).orElse("").strip();
        Optional<ApiKeys.Caller> caller = key.isEmpty() ? Optional.empty() : keys.identify(key);
        if (caller.isEmpty()) {
            loginPage(ctx, 401, "That key is not one riskgate accepts.");
            return;
        }
        if (!caller.get().scopes().contains(Scope.ANALYST)) {
            audit.write(caller.get().keyId(), "login_refused", null, "key does not open the console");
            loginPage(ctx, 403, "Key " + caller.get().keyId() + " does not open the console; it needs a key from "
                    + "RISKGATE_ANALYST_KEYS or RISKGATE_ADMIN_KEYS.");
            return;
        }
        ConsoleSessions.Session s = sessions.open(caller.get().keyId());
        audit.write(s.keyId(), "login", null, null);
        ctx.response().addCookie(cookie(ctx, COOKIE, s.id()).setPath("/console"));
        redirect(ctx, "/console");
    }

    private void logout(RoutingContext ctx) {
        ConsoleSessions.Session s = ctx.get(SESSION);
        if (s != null) {
            sessions.close(s.id());
        }
        audit.write(keyId(ctx), "logout", null, null);
        ctx.response().addCookie(cookie(ctx, COOKIE, "").setPath("/console").setMaxAge(0));
        redirect(ctx, "/console/login");
    }

    private static Cookie cookie(RoutingContext ctx, String name, String value) {
        boolean tls = ctx.request().isSSL() || "https".equalsIgnoreCase(ctx.request().getHeader("x-forwarded-proto"));
        return Cookie.cookie(name, value).setHttpOnly(true).setSameSite(CookieSameSite.STRICT).setSecure(tls);
    }

    // --- pages -------------------------------------------------------------------------------------------

    private void decisions(RoutingContext ctx) {
        DecisionFilter filter;
        int page;
        try {
            filter = filter(ctx);
            page = Math.max(0, Integer.parseInt(Optional.ofNullable(ctx.request().getParam("page")).orElse("0")));
        } catch (IllegalArgumentException | DateTimeParseException e) {
            render(ctx, 400, "error.jte", Map.of("chrome", chrome(ctx, "Bad filter", "decisions"), "message", e.getMessage()));
            return;
        }
        blocking(ctx, () -> queries.decisions(filter, page, PAGE)).onSuccess(rows -> render(ctx, 200, "decisions.jte",
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
                render(ctx, 404, "error.jte", Map.of("chrome", chrome(ctx, "Not found", "decisions"),
                        "message", "No decision with eventId '" + eventId + "' is in the index."));
                return;
            }
            render(ctx, 200, "decision.jte", Map.of("chrome", chrome(ctx, "Decision " + eventId, "decisions"),
                    "d", d.get(), "reasons", LabelReasons.BY_OUTCOME));
        });
    }

    private void queuePage(RoutingContext ctx) {
        blocking(ctx, () -> {
            Map<String, Object> m = new HashMap<>();
            m.put("waiting", queue.waiting(10_000));
            m.put("current", queue.current(holder(ctx)).flatMap(l -> queries.decision(l.eventId())).orElse(null));
            return m;
        }).onSuccess(m -> {
            m.put("chrome", chrome(ctx, "Review queue", "queue"));
            m.put("reasons", LabelReasons.BY_OUTCOME);
            m.put("message", Optional.ofNullable(ctx.request().getParam("m")).orElse(""));
            render(ctx, 200, "queue.jte", m);
        });
    }

    private void claim(RoutingContext ctx) {
        blocking(ctx, () -> queue.claim(holder(ctx), keyId(ctx))).onSuccess(lease -> {
            audit.write(keyId(ctx), "claim", lease.map(ReviewQueue.Lease::eventId).orElse(null),
                    lease.map(l -> "until " + l.until()).orElse("queue empty"));
            redirect(ctx, "/console/queue" + (lease.isEmpty() ? "?m=empty" : ""));
        });
    }

    private void label(RoutingContext ctx) {
        String eventId = ctx.request().getFormAttribute("eventId");
        String outcome = ctx.request().getFormAttribute("outcome");
        String reason = ctx.request().getFormAttribute("reason");
        if (eventId == null || outcome == null || !LabelReasons.fits(outcome, reason)) {
            render(ctx, 400, "error.jte", Map.of("chrome", chrome(ctx, "Bad label", "queue"), "message",
                    "A label needs an eventId, an outcome FRAUD or LEGIT, and one of its reason codes: " + LabelReasons.BY_OUTCOME));
            return;
        }
        boolean next = "next".equals(ctx.request().getFormAttribute("then"));
        blocking(ctx, () -> {
            if (!queue.mayLabel(eventId, holder(ctx))) {
                return "held";
            }
            // The same path as POST /v1/feedback: the state store records it, the decision log hears of it.
            FeedbackRecorder.Recorded r;
            try {
                r = feedback.record(eventId, FeedbackOutcome.valueOf(outcome));
            } catch (FeedbackConflict e) {
                feedbackAudit.record(keyId(ctx), eventId, outcome, 409, "conflict", reason);
                return "conflict";
            }
            feedbackAudit.record(keyId(ctx), eventId, outcome, 200, r.changed() ? "changed" : "unchanged", reason);
            queue.labelled(eventId, outcome, reason, keyId(ctx));
            audit.write(keyId(ctx), "label", eventId, outcome + " " + reason);
            if (next) {
                queue.claim(holder(ctx), keyId(ctx)).ifPresent(l -> audit.write(keyId(ctx), "claim", l.eventId(), "until " + l.until()));
            }
            return "labelled";
        }).onSuccess(result -> {
            if (result.equals("held")) {
                render(ctx, 409, "error.jte", Map.of("chrome", chrome(ctx, "Case held", "queue"), "message",
                        "Another analyst holds the lease on " + eventId + "; claim the next case instead."));
            } else if (result.equals("conflict")) {
                render(ctx, 409, "error.jte", Map.of("chrome", chrome(ctx, "Conflict", "queue"), "message",
                        "The state store refused that feedback for " + eventId + "."));
            } else {
                redirect(ctx, next ? "/console/queue" : "/console/decisions/" + enc(eventId));
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
            render(ctx, 400, "error.jte", Map.of("chrome", chrome(ctx, "Bad window", "rules"), "message", e.getMessage()));
            return;
        }
        blocking(ctx, () -> queries.rules(days, clock.instant())).onSuccess(w -> {
            Map<String, Object> m = new HashMap<>();
            m.put("chrome", chrome(ctx, "Rules", "rules"));
            m.put("w", w);
            m.put("active", active.status());
            m.put("shadow", shadow == null ? null : shadow.status());
            render(ctx, 200, "rules.jte", m);
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
            render(ctx, 200, "timeline.jte", m);
        });
    }

    private void tryPage(RoutingContext ctx, String body, Object result, String error) {
        Map<String, Object> m = new HashMap<>();
        m.put("chrome", chrome(ctx, "Try an event", "try"));
        m.put("body", body);
        m.put("result", result == null ? "" : result.toString());
        m.put("error", error == null ? "" : error);
        render(ctx, error == null ? 200 : 400, "try.jte", m);
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
            audit.write(keyId(ctx), "dry_run", req.eventId(), ar.result().active().decision().name());
            tryPage(ctx, body, AdminApi.json(ar.result()).encodePrettily(), null);
        });
    }

    // --- plumbing ----------------------------------------------------------------------------------------

    private <T> Future<T> blocking(RoutingContext ctx, Callable<T> work) {
        return vertx.executeBlocking(work, false).onFailure(ctx::fail);
    }

    private void render(RoutingContext ctx, int status, String template, Map<String, Object> model) {
        StringOutput out = new StringOutput();
        templates.render(template, model, out);
        ctx.response().setStatusCode(status).putHeader("content-type", "text/html; charset=utf-8").end(out.toString());
    }

    private static void redirect(RoutingContext ctx, String to) {
        ctx.response().setStatusCode(303).putHeader("location", to).end();
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
