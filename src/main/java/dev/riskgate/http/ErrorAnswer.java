package dev.riskgate.http;

import io.vertx.core.Future;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** The one shape of every refusal and failure: {@code {error, field, code}} as JSON, from any layer. */
final class ErrorAnswer {

    /** Where the code of a refusal is kept on the routing context, for the audit log. */
    static final String CODE = "riskgate.errorCode";

    private ErrorAnswer() {
    }

    static void send(RoutingContext ctx, int status, String code, String message, String field) {
        ctx.put(CODE, code);
        send(ctx.response(), status, code, message, field);
    }

    /** Sends the answer unless one went out already; completes when it is written. */
    static Future<Void> send(HttpServerResponse response, int status, String code, String message, String field) {
        return send(response, status, code, message, field, new JsonObject());
    }

    /** With what else the caller can act on ({@code extra}'s fields after the usual three). */
    static Future<Void> send(HttpServerResponse response, int status, String code, String message, String field,
                             JsonObject extra) {
        if (response.ended()) {
            return Future.succeededFuture();
        }
        JsonObject body = new JsonObject().put("error", message).put("field", field).put("code", code).mergeIn(extra);
        return response.setStatusCode(status).putHeader("content-type", "application/json").end(body.encode());
    }
}
