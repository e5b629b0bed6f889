package dev.riskgate.http;

import static dev.riskgate.http.ScoreBodies.charge;
import static dev.riskgate.http.ScoreBodies.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.riskgate.config.Access;
import dev.riskgate.http.RiskgateClient.Answer;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Secure by default (generated keys), open only when asked, admin routes off without an admin key. */
class AccessModesTest {

    @RegisterExtension
    static final RunningRiskgate fresh = RunningRiskgate.withAccess(Access.generated());
    @RegisterExtension
    static final RunningRiskgate insecure = RunningRiskgate.withAccess(Access.open());

    @Test
    void aFreshServiceGeneratesKeysOwnerOnlyAndServesThem() throws Exception {
        Path file = fresh.dataDir().resolve(GeneratedKeys.FILE);
        Properties keys = new Properties();
        keys.load(Files.newBufferedReader(file));
        String api = keys.getProperty("api");
        String admin = keys.getProperty("admin");

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(api).startsWith("rg_api_").hasSizeGreaterThan(40).isNotEqualTo(admin);
        int port = fresh.service().port();
        assertThat(RiskgateClient.withAuthorization(port, null).score(charge(unique("a"), unique("d"), 1000)).status())
                .isEqualTo(401);
        Answer scored = RiskgateClient.withAuthorization(port, "Bearer " + api).score(charge(unique("a"), unique("d"), 1000));
        assertThat(scored.status()).as(scored.body()).isEqualTo(200);
        assertThat(RiskgateClient.withAuthorization(port, "Bearer " + admin).get("/admin/rules").status()).isEqualTo(200);
        assertThat(RiskgateClient.withAuthorization(port, "Bearer " + api).get("/admin/rules").status()).isEqualTo(403);
    }

    @Test
    void generatedKeysArePrintedOnceAndReused(@TempDir Path dataDir) throws Exception {
        String first = stdoutOf(() -> ApiKeys.forService(Access.generated(), dataDir));
        Properties keys = new Properties();
        keys.load(Files.newBufferedReader(dataDir.resolve(GeneratedKeys.FILE)));
        String second = stdoutOf(() -> ApiKeys.forService(Access.generated(), dataDir));
        Properties again = new Properties();
        again.load(Files.newBufferedReader(dataDir.resolve(GeneratedKeys.FILE)));

        assertThat(first).contains(keys.getProperty("api")).contains(keys.getProperty("admin"));
        assertThat(second).doesNotContain(keys.getProperty("api")).doesNotContain(keys.getProperty("admin"));
        assertThat(again).isEqualTo(keys);
        ApiKeys reused = ApiKeys.forService(Access.generated(), dataDir);
        assertThat(reused.identify(keys.getProperty("api")).orElseThrow().scopes()).containsExactly(ApiKeys.Scope.API);
    }

    @Test
    void configuredKeysGenerateNothing(@TempDir Path dataDir) {
        ApiKeys.forService(Access.keys(TestKeys.API, null), dataDir);

        assertThat(dataDir.resolve(GeneratedKeys.FILE)).doesNotExist();
    }

    @Test
    void aKeyFileOthersMayReadIsRefused(@TempDir Path dataDir) throws Exception {
        ApiKeys.forService(Access.generated(), dataDir);
        Files.setPosixFilePermissions(dataDir.resolve(GeneratedKeys.FILE), PosixFilePermissions.fromString("rw-r--r--"));

        assertThatThrownBy(() -> ApiKeys.forService(Access.generated(), dataDir))
                .hasMessageContaining("chmod 600");
    }

    @Test
    void insecureModeServesEveryRouteWithoutAKey() {
        RiskgateClient anyone = RiskgateClient.withAuthorization(insecure.service().port(), null);

        Answer scored = anyone.score(charge(unique("acct"), unique("dev"), 1000));
        assertThat(scored.status()).as(scored.body()).isEqualTo(200);
        String eventId = scored.json().getString("eventId");
        assertThat(anyone.feedback(eventId, "LEGIT").status()).isEqualTo(200);
        assertThat(anyone.decision(eventId).status()).isEqualTo(200);
        assertThat(anyone.get("/admin/rules").status()).isEqualTo(200);
        assertThat(anyone.get("/metrics").status()).isEqualTo(200);
        assertThat(RiskgateClient.withAuthorization(insecure.service().port(), "Bearer anything-at-all-0000")
                .get("/admin/rules").status()).isEqualTo(200);
    }

    @Test
    void adminRoutesAreDisabledWithoutAnAdminKey() {
        Vertx vertx = Vertx.vertx();
        try {
            Router router = Router.router(vertx);
            router.route().handler(ctx -> ctx.response().end("served"));
            new BearerAuth(ApiKeys.of(Access.keys(TestKeys.API, null))).mount(router);
            HttpServer server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").await();

            for (String authorization : Arrays.asList(null, "Bearer " + TestKeys.API, "Bearer " + TestKeys.ADMIN)) {
                Answer answer = RiskgateClient.withAuthorization(server.actualPort(), authorization).get("/admin/rules");
                BearerAuthTest.assertRefused(answer, 403, "forbidden");
                assertThat(answer.json().getString("error")).contains("RISKGATE_ADMIN_KEYS");
            }
            assertThat(RiskgateClient.withAuthorization(server.actualPort(), "Bearer " + TestKeys.API).get("/v1/x").body())
                    .isEqualTo("served");
        } finally {
            vertx.close().await();
        }
    }

    private static String stdoutOf(Runnable action) {
        PrintStream was = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            action.run();
        } finally {
            System.setOut(was);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }
}
