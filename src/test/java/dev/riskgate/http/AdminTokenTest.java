package dev.riskgate.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.riskgate.Service;
import dev.riskgate.TestPaths;
import dev.riskgate.config.Config;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** With RISKGATE_ADMIN_TOKEN set, rule administration needs the bearer token; scoring does not. */
class AdminTokenTest {

    private static Service service;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start(@TempDir Path dataDir) throws Exception {
        service = Service.start(new Config(0, dataDir, TestPaths.rules(), "127.0.0.1", null, "s3cret",
                Config.DEFAULT_LOG_MAX_BYTES));
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    @Test
    void adminCallsWithoutTheTokenAreRefused() throws Exception {
        HttpResponse<String> none = get("/admin/rules", null);
        HttpResponse<String> wrong = get("/admin/rules", "Bearer guess");

        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(new JsonObject(none.body()).getString("code")).isEqualTo("unauthorized");
        assertThat(wrong.statusCode()).isEqualTo(401);
    }

    @Test
    void adminCallsWithTheTokenAreServed() throws Exception {
        HttpResponse<String> ok = get("/admin/rules", "Bearer s3cret");

        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(new JsonObject(ok.body()).getJsonObject("active").getString("version")).isEqualTo(service.rulesVersion());
    }

    @Test
    void scoringNeedsNoToken() throws Exception {
        assertThat(get("/health", null).statusCode()).isEqualTo(200);
    }

    private HttpResponse<String> get(String path, String authorization) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.port() + path)).GET();
        if (authorization != null) {
            b.header("authorization", authorization);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
