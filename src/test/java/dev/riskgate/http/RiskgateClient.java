package dev.riskgate.http;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * A plain HTTP client for a riskgate on loopback: what a gateway would send, nothing more. By default it
 * sends the {@link TestKeys} a gateway (on /v1) and an operator (on /admin, /metrics) would hold.
 */
public final class RiskgateClient {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    /** A response as the wire carried it; {@code contentType} is null when the header is absent. */
    public record Answer(int status, String contentType, String body) {
        public JsonObject json() {
            return new JsonObject(body);
        }
    }

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();
    private final URI base;
    private final Function<String, String> authorization;

    public RiskgateClient(int port) {
        this(port, path -> "Bearer " + TestKeys.forPath(path));
    }

    private RiskgateClient(int port, Function<String, String> authorization) {
        this.base = URI.create("http://127.0.0.1:" + port);
        this.authorization = authorization;
    }

    /** A client that sends exactly this Authorization header on every call, or none when it is null. */
    public static RiskgateClient withAuthorization(int port, String authorization) {
        return new RiskgateClient(port, path -> authorization);
    }

    public Answer score(JsonObject body) {
        return post("/v1/score", body.encode(), "application/json");
    }

    public CompletableFuture<Answer> scoreAsync(JsonObject body) {
        return http.sendAsync(request("/v1/score", body.encode(), "application/json"), HttpResponse.BodyHandlers.ofString())
                .thenApply(RiskgateClient::answer);
    }

    public Answer feedback(String eventId, String outcome) {
        return post("/v1/feedback", new JsonObject().put("eventId", eventId).put("outcome", outcome).encode(),
                "application/json");
    }

    public Answer decision(String eventId) {
        return get("/v1/decisions/" + eventId);
    }

    public Answer get(String path) {
        return send(authorized(HttpRequest.newBuilder(base.resolve(path)).timeout(TIMEOUT).GET(), path).build());
    }

    /** Posts {@code body} as is; a null {@code contentType} sends no content-type header at all. */
    public Answer post(String path, String body, String contentType) {
        return send(request(path, body, contentType));
    }

    private HttpRequest request(String path, String body, String contentType) {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(TIMEOUT)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            b.header("content-type", contentType);
        }
        return authorized(b, path).build();
    }

    private HttpRequest.Builder authorized(HttpRequest.Builder b, String path) {
        String header = authorization.apply(path);
        return header == null ? b : b.header("authorization", header);
    }

    private Answer send(HttpRequest request) {
        try {
            return answer(http.send(request, HttpResponse.BodyHandlers.ofString()));
        } catch (IOException e) {
            throw new UncheckedIOException(request.method() + " " + request.uri() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during " + request.uri(), e);
        }
    }

    private static Answer answer(HttpResponse<String> r) {
        return new Answer(r.statusCode(), r.headers().firstValue("content-type").orElse(null), r.body());
    }
}
