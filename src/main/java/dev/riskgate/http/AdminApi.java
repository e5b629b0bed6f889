package dev.riskgate.http;

import dev.riskgate.rules.CompileError;
import dev.riskgate.rules.LivePack;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/**
 * Rule pack administration for analysts and ops: what is live, the last rejection, a forced reload.
 * Every admin call needs an admin key ({@link BearerAuth}); with none configured the routes are disabled.
 */
public final class AdminApi {

    private final Vertx vertx;
    private final LivePack active;
    private final LivePack shadow;

    /** {@code shadow} may be null. */
    public AdminApi(Vertx vertx, LivePack active, LivePack shadow) {
        this.vertx = vertx;
        this.active = active;
        this.shadow = shadow;
    }

    public void mount(Router router) {
        router.get("/admin/rules").handler(this::rules);
        router.post("/admin/rules/reload").handler(this::reload);
    }

    private void rules(RoutingContext ctx) {
        JsonObject body = new JsonObject().put("active", status(active.status()));
        if (shadow != null) {
            body.put("shadow", status(shadow.status()));
        }
        ctx.json(body);
    }

    private void reload(RoutingContext ctx) {
        vertx.executeBlocking(() -> {
            JsonObject body = new JsonObject().put("active", outcome(active.reload()));
            if (shadow != null) {
                body.put("shadow", outcome(shadow.reload()));
            }
            return body;
        }, false).onSuccess(body -> {
            boolean rejected = "rejected".equals(body.getJsonObject("active").getString("result"))
                    || (body.containsKey("shadow") && "rejected".equals(body.getJsonObject("shadow").getString("result")));
            ctx.response().setStatusCode(rejected ? 422 : 200);
            ctx.json(body);
        }).onFailure(ctx::fail);
    }

    private static JsonObject status(LivePack.Status s) {
        return new JsonObject()
                .put("version", s.version())
                .put("loadedAt", s.loadedAt().toString())
                .put("swappedAt", s.swappedAt().toString())
                .put("origin", s.origin())
                .put("dir", s.dir().toAbsolutePath().toString())
                .put("files", new JsonArray(List.copyOf(s.files())))
                .put("warnings", errors(s.warnings()))
                .put("lastReload", s.lastReload() == null ? null : outcome(s.lastReload()))
                .put("lastRejection", s.lastRejection() == null ? null
                        : outcome(s.lastRejection()).put("latest", s.rejectionIsLatest()));
    }

    private static JsonObject outcome(LivePack.Outcome o) {
        return new JsonObject().put("result", o.result()).put("version", o.version()).put("at", o.at().toString())
                .put("errors", errors(o.errors()));
    }

    private static JsonArray errors(List<CompileError> list) {
        JsonArray errors = new JsonArray();
        for (CompileError e : list) {
            errors.add(new JsonObject().put("file", e.file()).put("line", e.line()).put("rule", e.rule()).put("message", e.message()));
        }
        return errors;
    }
}
