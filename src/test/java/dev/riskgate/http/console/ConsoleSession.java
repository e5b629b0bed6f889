package dev.riskgate.http.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;

/** A browser's worth of the console over plain HTTP: a cookie jar, the login form, forms with their CSRF token. */
final class ConsoleSession {

    private final URI base;
    private final HttpClient http;
    private String csrf = "";

    ConsoleSession(int port) {
        this.base = URI.create("http://127.0.0.1:" + port);
        this.http = HttpClient.newBuilder().cookieHandler(new CookieManager()).followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(2)).build();
    }

    /** Logs in through the form with {@code key}; returns the login answer (303 on success). */
    HttpResponse<String> login(String key) {
        Document form = Jsoup.parse(get("/console/login").body());
        String token = form.selectFirst("form.login input[name=csrf]").val();
        return post("/console/login", Map.of("csrf", token, "key", key));
    }

    HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(base.resolve(path)).GET());
    }

    Document page(String path) {
        HttpResponse<String> r = get(path);
        assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
        Document d = Jsoup.parse(r.body(), base.toString());
        var token = d.selectFirst("input[name=csrf]");
        if (token != null) {
            csrf = token.val();
        }
        return d;
    }

    /** Posts a form with this session's CSRF token added. */
    HttpResponse<String> submit(String path, Map<String, String> fields) {
        Map<String, String> all = new java.util.HashMap<>(fields);
        all.put("csrf", csrf);
        return post(path, all);
    }

    HttpResponse<String> post(String path, Map<String, String> fields) {
        String body = fields.entrySet().stream().map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
                .collect(Collectors.joining("&"));
        return send(HttpRequest.newBuilder(base.resolve(path)).header("content-type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private HttpResponse<String> send(HttpRequest.Builder b) {
        try {
            return http.send(b.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
