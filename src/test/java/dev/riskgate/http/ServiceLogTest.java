package dev.riskgate.http;

import static dev.riskgate.http.ScoreBodies.charge;
import static dev.riskgate.http.ScoreBodies.unique;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import io.vertx.core.json.JsonObject;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

/**
 * The service log is for operators and may travel far: it never carries a body, a key or a funding
 * source, and a client hanging up is routine (debug), not an error anyone can use to flood it.
 */
class ServiceLogTest {

    private static final String SECRET_FUNDING = "funding-SENTINEL-4111111111111111";
    private static final String SECRET_KEY = "key-SENTINEL-0b5e1f";
    private static final String SECRET_BODY = "body-SENTINEL-77";
    private static final String AUTHORIZATION = "authorization: Bearer " + TestKeys.API + "\r\n";
    private static final Pattern ACTIVE_CONNECTIONS = Pattern.compile("(?m)^vertx_http_server_active_connections(?:\\{[^}]*\\})? (\\S+)");

    @RegisterExtension
    static final RunningRiskgate riskgate = new RunningRiskgate();

    private static RiskgateClient admin;

    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    private final ListAppender<ILoggingEvent> captured = new ListAppender<>();
    private Level before;

    @BeforeEach
    void capture() {
        before = root.getLevel();
        root.setLevel(Level.DEBUG);
        captured.start();
        root.addAppender(captured);
    }

    @AfterEach
    void release() {
        root.detachAppender(captured);
        root.setLevel(before);
    }

    @Test
    void clientsHangingUpAreNotErrors() throws Exception {
        int port = riskgate.service().port();
        double connectionsBefore = activeConnections();
        for (int i = 0; i < 20; i++) {
            // Half a body, then gone.
            try (Socket s = new Socket("127.0.0.1", port)) {
                s.getOutputStream().write(("POST /v1/score HTTP/1.1\r\nHost: x\r\ncontent-type: application/json\r\n"
                        + AUTHORIZATION + "content-length: 500\r\n\r\n{\"eventId\":\"").getBytes(StandardCharsets.US_ASCII));
                s.getOutputStream().flush();
            }
            // A whole request, then gone before the answer, with a reset rather than a polite close.
            try (Socket s = new Socket("127.0.0.1", port)) {
                byte[] body = charge(unique("acct"), unique("dev"), 1000).encode().getBytes(StandardCharsets.UTF_8);
                OutputStream out = s.getOutputStream();
                out.write(("POST /v1/score HTTP/1.1\r\nHost: x\r\ncontent-type: application/json\r\n" + AUTHORIZATION
                        + "content-length: "
                        + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(body);
                out.flush();
                s.setSoLinger(true, 0);
            }
        }
        // The service is still fine, and has let go of every connection that hung up: each hang-up it
        // noticed has been handled (and logged, at whatever level) by now.
        assertThat(riskgate.client().get("/health").status()).isEqualTo(200);
        // (at most one more than before: the health check's, kept alive)
        awaitUntil(() -> activeConnections() <= connectionsBefore + 1, "every hung-up connection closed");

        assertThat(lines("client went away")).as("hang-ups noticed, at DEBUG").isNotEmpty()
                .allSatisfy(e -> assertThat(e.getLevel()).isEqualTo(Level.DEBUG));
        assertThat(events(Level.WARN)).as("warnings and errors after clients hung up").isEmpty();
    }

    @Test
    void neverLogsBodiesKeysOrFundingSources() throws Exception {
        RiskgateClient client = riskgate.client();
        client.score(charge(unique("acct"), unique("dev"), 1000).put("fundingSource", SECRET_FUNDING));
        client.post("/v1/score", "{\"eventId\": \"" + SECRET_BODY + "\", \"amount\": NaN, \"fundingSource\": \""
                + SECRET_FUNDING + "\"}", "application/json");
        client.post("/v1/score", SECRET_BODY, "text/plain");
        client.post("/v1/feedback", "{\"eventId\":\"" + SECRET_BODY + "\",\"outcome\":\"" + SECRET_FUNDING + "\"}",
                "application/json");
        JsonObject withJunk = charge(unique("acct"), unique("dev"), 1000).put("fundingSource", SECRET_FUNDING)
                .put("note", SECRET_BODY);
        client.score(withJunk);
        try (Socket s = new Socket("127.0.0.1", riskgate.service().port())) {
            s.getOutputStream().write(("GET /admin/rules HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + SECRET_KEY
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            s.getInputStream().readAllBytes();
        }
        // Two requests the service does log, each carrying the secrets: a body cut off by a hang-up, and
        // a chunked body broken after its first chunk.
        String secrets = "{\"eventId\":\"" + SECRET_BODY + "\",\"fundingSource\":\"" + SECRET_FUNDING + "\",";
        try (Socket s = new Socket("127.0.0.1", riskgate.service().port())) {
            s.getOutputStream().write(("POST /v1/score HTTP/1.1\r\nHost: x\r\ncontent-type: application/json\r\n"
                    + AUTHORIZATION + "content-length: 500\r\n\r\n" + secrets).getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
        }
        awaitUntil(() -> !lines("client went away").isEmpty(), "the hang-up logged");
        try (Socket s = new Socket("127.0.0.1", riskgate.service().port())) {
            s.getOutputStream().write(("POST /v1/score HTTP/1.1\r\nHost: x\r\ncontent-type: application/json\r\n"
                    + AUTHORIZATION + "transfer-encoding: chunked\r\n\r\n" + Integer.toHexString(secrets.length())
                    + "\r\n" + secrets + "\r\n" + SECRET_BODY + "\r\n").getBytes(StandardCharsets.US_ASCII));
            s.getInputStream().readAllBytes();
        }
        awaitUntil(() -> !lines("broken chunk").isEmpty(), "the broken chunk logged");

        assertThat(captured.list).as("lines captured").isNotEmpty();
        for (ILoggingEvent e : List.copyOf(captured.list)) {
            String text = e.getFormattedMessage() + (e.getThrowableProxy() == null ? ""
                    : ThrowableProxyUtil.asString(e.getThrowableProxy()));
            assertThat(text).as("a log line").doesNotContain(SECRET_FUNDING).doesNotContain(SECRET_KEY)
                    .doesNotContain(SECRET_BODY);
        }
    }

    /** Lines of riskgate's own loggers whose message starts with {@code start}. */
    private List<ILoggingEvent> lines(String start) {
        return List.copyOf(captured.list).stream().filter(e -> e.getLoggerName().startsWith("dev.riskgate")
                && e.getFormattedMessage().startsWith(start)).toList();
    }

    /** Open connections, this client's own (kept alive) among them. */
    private static double activeConnections() {
        if (admin == null) {
            admin = RiskgateClient.withAuthorization(riskgate.service().port(), "Bearer " + TestKeys.ADMIN);
        }
        String metrics = admin.get("/metrics").body();
        Matcher m = ACTIVE_CONNECTIONS.matcher(metrics);
        assertThat(m.find()).as("vertx_http_server_active_connections in /metrics").isTrue();
        return Double.parseDouble(m.group(1));
    }

    private static void awaitUntil(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waiting for " + what).isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    private List<String> events(Level atLeast) {
        return List.copyOf(captured.list).stream().filter(e -> e.getLevel().isGreaterOrEqual(atLeast))
                .map(e -> e.getLevel() + " " + e.getLoggerName() + ": " + e.getFormattedMessage()).toList();
    }

}
