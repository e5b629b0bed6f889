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

    @RegisterExtension
    static final RunningRiskgate riskgate = new RunningRiskgate();

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
        // The service is still fine, and has had time to notice every hang-up.
        assertThat(riskgate.client().get("/health").status()).isEqualTo(200);
        Thread.sleep(500);

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

        for (ILoggingEvent e : captured.list) {
            String text = e.getFormattedMessage() + (e.getThrowableProxy() == null ? ""
                    : ThrowableProxyUtil.asString(e.getThrowableProxy()));
            assertThat(text).as("a log line").doesNotContain(SECRET_FUNDING).doesNotContain(SECRET_KEY)
                    .doesNotContain(SECRET_BODY);
        }
    }

    private List<String> events(Level atLeast) {
        return captured.list.stream().filter(e -> e.getLevel().isGreaterOrEqual(atLeast))
                .map(e -> e.getLevel() + " " + e.getLoggerName() + ": " + e.getFormattedMessage()).toList();
    }

}
