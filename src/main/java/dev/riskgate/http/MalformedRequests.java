package dev.riskgate.http;

import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Requests refused before routing still get the JSON error every other refusal gets: a request line over
 * the limit (414), headers over the limit (431), an unparseable request, framing that could be read two
 * ways ({@link StrictFraming}) or a path with a broken percent escape (400). The HTTP codec's own answers
 * for these are empty, and the router's for a broken escape is text with a stack trace in the log.
 */
public final class MalformedRequests {

    private static final Logger LOG = LoggerFactory.getLogger(MalformedRequests.class);

    private MalformedRequests() {
    }

    /**
     * The server's connection handler calls this first: it makes {@code conn} read requests with
     * {@link StrictFraming}, and closes it (false) when that cannot be done, rather than serve it with the
     * lax framing.
     */
    public static boolean strictFraming(HttpConnection conn, HttpServerOptions options) {
        if (StrictFraming.install(conn, options)) {
            return true;
        }
        LOG.error("cannot install strict request framing on a {}; closing it", conn.getClass().getName());
        conn.close();
        return false;
    }

    /** Installs the JSON answers on {@code server} in front of {@code router}. */
    public static HttpServer guard(HttpServer server, Handler<HttpServerRequest> router) {
        return server.invalidRequestHandler(MalformedRequests::invalid).requestHandler(request -> {
            if (!wellEscaped(request.path())) {
                ErrorAnswer.send(request.response(), 400, "malformed_request",
                        "the path has a percent sign not followed by two hex digits", null);
                return;
            }
            StrictFraming.reading(request);
            router.handle(request);
        });
    }

    private static void invalid(HttpServerRequest request) {
        Throwable cause = request.decoderResult().cause();
        int status;
        String code;
        String message;
        if (cause instanceof TooLongHttpLineException) {
            status = 414;
            code = "uri_too_long";
            message = "the request line is too long";
        } else if (cause instanceof TooLongHttpHeaderException) {
            status = 431;
            code = "headers_too_large";
            message = "the request headers are too large";
        } else {
            status = 400;
            code = "malformed_request";
            message = cause instanceof StrictFraming.Refused refused ? refused.getMessage()
                    : "the request is not valid HTTP/1.1";
        }
        // The codec cannot tell where the next request would start: answer, then close the connection.
        request.response().putHeader("connection", "close");
        ErrorAnswer.send(request.response(), status, code, message, null);
        request.connection().close();
    }

    static boolean wellEscaped(String path) {
        if (path == null) {
            return true;
        }
        for (int i = path.indexOf('%'); i >= 0; i = path.indexOf('%', i + 1)) {
            if (i + 2 >= path.length() || Character.digit(path.charAt(i + 1), 16) < 0
                    || Character.digit(path.charAt(i + 2), 16) < 0) {
                return false;
            }
        }
        return true;
    }
}
