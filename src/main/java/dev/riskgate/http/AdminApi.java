package dev.riskgate.http;

import dev.riskgate.decision.DecisionJson;
import dev.riskgate.event.BadRequest;
import dev.riskgate.event.ScoreRequest;
import dev.riskgate.event.ScoreRequestParser;
import dev.riskgate.event.StrictJson;
import dev.riskgate.rules.CompileError;
import dev.riskgate.rules.LivePack;
import dev.riskgate.scoring.DryRun;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Clock;
import java.util.List;

/**
 * Rule pack administration for analysts and ops: what is live, the last rejection, a forced reload, and a
 * dry run of an event against the live (and shadow) pack that records nothing. Every admin call needs an
 * admin key ({@link BearerAuth}), the dry run an admin or analyst key; with none configured the routes are
 * disabled.
 */
public final class AdminApi {

    private final Vertx vertx;
    private final LivePack active;
    private final LivePack shadow;
    private final DryRun dryRun;
    private final ScoreRequestParser parser;

    /** {@code shadow} may be null. */
    public AdminApi(Vertx vertx, LivePack active, LivePack shadow, DryRun dryRun, Clock clock) {
        this.vertx = vertx;
        this.active = active;
        this.shadow = shadow;
        this.dryRun = dryRun;
        this.parser = new ScoreRequestParser(clock);
    }

    public void mount(Router router) {
        router.get("/admin/rules").handler(this::rules);
        router.post("/admin/rules/reload").handler(this::reload);
        router.post("/admin/score").handler(HttpApi::requireJson);
        router.post("/admin/score").handler(BodyHandler.create(false).setBodyLimit(HttpApi.MAX_BODY_BYTES)).handler(this::score);
    }

    /**
     * The dry run: the body is held to the rules of {@code POST /v1/score} (bar the event-age window: an
     * analyst may try last month's event), and the answers are the wire form the gateway would get.
     */
    private void score(RoutingContext ctx) {
        ScoreRequest req;
        try {
            req = parser.parse(StrictJson.object(ctx.body().buffer()));
        } catch (BadRequest e) {
            ErrorAnswer.send(ctx, 400, e.reason(), e.getMessage(), e.field());
            return;
        }
        vertx.executeBlocking(() -> dryRun.run(req), false).onSuccess(r -> ctx.json(json(r))).onFailure(e -> {
            if (e instanceof BadRequest bad) {
                ErrorAnswer.send(ctx, 400, bad.reason(), bad.getMessage(), bad.field());
            } else {
                ctx.fail(e);
            }
        });
    }

    /** {@code active} and, with a shadow pack that takes the event, {@code shadow}: each as /v1/score answers. */
    public static JsonObject json(DryRun.Result r) {
        JsonObject body = new JsonObject().put("recorded", false).put("active", new JsonObject(DecisionJson.of(r.active())));
        if (r.shadow() != null) {
            body.put("shadow", new JsonObject(DecisionJson.of(r.shadow())));
        }
        return body;
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
