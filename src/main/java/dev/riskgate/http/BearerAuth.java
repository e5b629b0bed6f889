package dev.riskgate.http;

import dev.riskgate.http.ApiKeys.Caller;
import dev.riskgate.http.ApiKeys.Scope;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code Authorization: Bearer <key>} on every route but {@code /health}: 401 when the key is missing,
 * malformed or unknown, 403 when it is a key for another scope or the scope is disabled. The answer is the
 * usual JSON error, and never echoes what was sent.
 */
public final class BearerAuth {

    /** Where the caller's key id is kept on the routing context (for the audit log). */
    static final String KEY_ID = "riskgate.keyId";
    /** Runs before every route of the API (which use the default orders 0, 1, ...). */
    public static final int ORDER = -100;

    private final ApiKeys keys;

    public BearerAuth(ApiKeys keys) {
        this.keys = keys;
    }

    public void mount(Router router) {
        Handler<RoutingContext> api = require(Scope.API);
        // Analysts look up what a customer was answered while investigating feedback; they hold admin
        // keys, not the gateway's. Only this read is shared: scoring and feedback stay the gateway's.
        Handler<RoutingContext> decisionRead = require(Scope.API, Scope.ADMIN, Scope.ANALYST);
        router.route("/v1/*").order(ORDER).handler(ctx -> (decisionRead(ctx) ? decisionRead : api).handle(ctx));
        // The dry run records nothing and reloads nothing: an analyst trying an event may call it.
        Handler<RoutingContext> admin = require(Scope.ADMIN);
        Handler<RoutingContext> dryRun = require(Scope.ADMIN, Scope.ANALYST);
        router.route("/admin/*").order(ORDER + 1).handler(ctx -> (dryRun(ctx) ? dryRun : admin).handle(ctx));
        router.route("/metrics").order(ORDER + 2).handler(require(Scope.METRICS));
    }

    /** The id of the key the request came with; "insecure" when every route is open. */
    public static String keyId(RoutingContext ctx) {
        return ctx.get(KEY_ID);
    }

    private static boolean decisionRead(RoutingContext ctx) {
        return ctx.request().method() == HttpMethod.GET && ctx.request().path().startsWith(DECISIONS);
    }

    private static final String DECISIONS = "/v1/decisions/";

    private static boolean dryRun(RoutingContext ctx) {
        return ctx.request().method() == HttpMethod.POST && ctx.request().path().equals("/admin/score");
    }

    /** Lets a request through with a key of {@code scope}, or of one of {@code orScopes}. */
    public Handler<RoutingContext> require(Scope scope, Scope... orScopes) {
        Set<Scope> accepted = EnumSet.of(scope, orScopes);
        // The keys are fixed for the life of the service: asked once, not on every request.
        boolean disabled = accepted.stream().noneMatch(keys::enabled);
        return ctx -> {
            if (keys.open()) {
                ctx.put(KEY_ID, "insecure");
                ctx.next();
                return;
            }
            if (disabled) {
                ErrorAnswer.send(ctx, 403, "forbidden", scope.routes + " is disabled: no key opens it (set "
                        + scope.setting + ")", null);
                return;
            }
            Optional<String> presented = bearer(ctx.request().headers().getAll("authorization"));
            Optional<Caller> caller = presented.flatMap(keys::identify);
            if (caller.isEmpty()) {
                ctx.response().putHeader("www-authenticate", "Bearer realm=\"riskgate\"");
                ErrorAnswer.send(ctx, 401, "unauthorized", presented.isEmpty()
                        ? scope.routes + " needs Authorization: Bearer <key> with a key from " + scope.setting
                        : "the bearer key is not one riskgate accepts", null);
                return;
            }
            if (Collections.disjoint(caller.get().scopes(), accepted)) {
                ErrorAnswer.send(ctx, 403, "forbidden", "key " + caller.get().keyId() + " does not open " + scope.routes
                        + "; that needs a key from " + String.join(" or ", accepted.stream().map(s -> s.setting).toList()),
                        null);
                return;
            }
            ctx.put(KEY_ID, caller.get().keyId());
            ctx.next();
        };
    }

    private static final String BEARER = "bearer";

    /** The key of a single well-formed {@code Bearer} credential; anything else counts as none. */
    private static Optional<String> bearer(List<String> headers) {
        if (headers.size() != 1) {
            return Optional.empty();
        }
        String h = headers.get(0).strip();
        int space = h.indexOf(' ');
        if (space != BEARER.length() || !h.regionMatches(true, 0, BEARER, 0, space)) {
            return Optional.empty();
        }
        String key = h.substring(space + 1).strip();
        return key.isEmpty() || key.contains(" ") ? Optional.empty() : Optional.of(key);
    }
}
