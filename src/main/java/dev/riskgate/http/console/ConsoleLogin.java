package dev.riskgate.http.console;

import dev.riskgate.http.ApiKeys;
import dev.riskgate.http.ApiKeys.Scope;
import dev.riskgate.http.BearerAuth;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.Map;
import java.util.Optional;

/**
 * Who is calling the console. A browser logs in once with its key through a form and then holds a session
 * cookie (HttpOnly, SameSite=Strict, Secure over TLS): a browser cannot put a bearer header on a link it
 * follows, and a key in the URL would end up in history and proxy logs. Scripts may still send
 * {@code Authorization: Bearer}. Every cookie-authenticated POST carries the session's CSRF token. Every
 * console answer gets the Content-Security-Policy and its companion headers.
 */
final class ConsoleLogin {

    static final String COOKIE = "riskgate_console";
    private static final String LOGIN_COOKIE = "riskgate_login";
    private static final String KEY_ID = "console.keyId";
    private static final String SESSION = "console.session";
    private static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
            + "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
    /** "/console" and everything under it. */
    private static final String PATHS = "/console/*";
    /**
     * The name the console's routes give the request metrics' route label: the regular expression they once
     * matched with, so the series stay as dashboards know them. A prefix match is what they route by now: a
     * regular expression made three matchers on every request that passed, the gateway's too.
     */
    private static final String ROUTE_LABEL = "^/console(/.*)?$";

    private final ApiKeys keys;
    private final BearerAuth bearer;
    private final ConsoleSessions sessions;
    private final ConsoleAudit audit;
    private final Pages pages;

    ConsoleLogin(ApiKeys keys, ConsoleSessions sessions, ConsoleAudit audit, Pages pages) {
        this.keys = keys;
        this.bearer = new BearerAuth(keys);
        this.sessions = sessions;
        this.audit = audit;
        this.pages = pages;
    }

    /** In front of every console route: the form body, then who is calling; and the login routes. */
    void mount(Router router) {
        router.route(PATHS).setName(ROUTE_LABEL).order(BearerAuth.ORDER + 3)
                .handler(BodyHandler.create(false).setBodyLimit(64 * 1024));
        router.route(PATHS).setName(ROUTE_LABEL).order(BearerAuth.ORDER + 4).handler(this::guard);
        router.route(PATHS).setName(ROUTE_LABEL).order(BearerAuth.ORDER + 5).handler(ctx -> {
            if (ctx.get(KEY_ID) == null) {
                ctx.put(KEY_ID, BearerAuth.keyId(ctx)); // let through by the bearer check
            }
            ctx.next();
        });
        router.get("/console/login").handler(ctx -> loginPage(ctx, 200, null));
        router.post("/console/login").handler(this::login);
        router.post("/console/logout").handler(this::logout);
    }

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

    static String keyId(RoutingContext ctx) {
        return ctx.get(KEY_ID);
    }

    /** The lease holder: the login session, or for a script its key. */
    static String holder(RoutingContext ctx) {
        ConsoleSessions.Session s = ctx.get(SESSION);
        return s != null ? s.id() : "key:" + keyId(ctx);
    }

    static Chrome chrome(RoutingContext ctx, String title, String nav) {
        ConsoleSessions.Session s = ctx.get(SESSION);
        return new Chrome(title, nav, keyId(ctx), s == null ? "" : s.csrf());
    }

    private void loginPage(RoutingContext ctx, int status, String error) {
        String token = ConsoleSessions.token();
        ctx.response().addCookie(cookie(ctx, LOGIN_COOKIE, token).setPath("/console/login"));
        pages.render(ctx, status, "login.jte", Map.of("chrome", new Chrome("Log in", "", null, token),
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
        Pages.redirect(ctx, "/console");
    }

    private void logout(RoutingContext ctx) {
        ConsoleSessions.Session s = ctx.get(SESSION);
        if (s != null) {
            sessions.close(s.id());
        }
        audit.write(keyId(ctx), "logout", null, null);
        ctx.response().addCookie(cookie(ctx, COOKIE, "").setPath("/console").setMaxAge(0));
        Pages.redirect(ctx, "/console/login");
    }

    private static Cookie cookie(RoutingContext ctx, String name, String value) {
        boolean tls = ctx.request().isSSL() || "https".equalsIgnoreCase(ctx.request().getHeader("x-forwarded-proto"));
        return Cookie.cookie(name, value).setHttpOnly(true).setSameSite(CookieSameSite.STRICT).setSecure(tls);
    }
}
