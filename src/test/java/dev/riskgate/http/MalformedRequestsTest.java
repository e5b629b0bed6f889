package dev.riskgate.http;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.slf4j.LoggerFactory;

/**
 * What arrives before routing, or breaks HTTP itself, still gets the JSON error every other refusal gets,
 * and a client hanging up is not an error of the service.
 */
class MalformedRequestsTest {

    private static final Pattern CONTENT_LENGTH = Pattern.compile("(?i)content-length: *(\\d+)");

    @RegisterExtension
    static final RunningRiskgate riskgate = new RunningRiskgate();

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "a path with a broken escape      | GET /v1/decisions/%zz HTTP/1.1                  | 400 | malformed_request",
            "a path ending in a percent sign  | GET /v1/decisions/evt% HTTP/1.1                 | 400 | malformed_request",
            "a broken escape on an open route | GET /health%2 HTTP/1.1                          | 400 | malformed_request",
            "an unknown path                  | GET /nothing HTTP/1.1                           | 404 | not_found",
            "an unknown method                | BREW /v1/score HTTP/1.1                         | 405 | method_not_allowed",
            "a known path, another method     | DELETE /v1/score HTTP/1.1                       | 405 | method_not_allowed",
            "a looked-up id with a control    | GET /v1/decisions/evt%00x HTTP/1.1              | 400 | bad_characters",
            "a looked-up id, too long         | GET /v1/decisions/xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx HTTP/1.1 | 400 | too_long"})
    void refusalsBeforeRoutingAreJson(String name, String requestLine, int status, String code) throws IOException {
        assertJsonError(exchange(requestLine + "\r\nhost: x\r\nauthorization: Bearer " + TestKeys.API + "\r\n\r\n"),
                status, code);
    }

    @Test
    void aLongUrlIsJson() throws IOException {
        String answer = exchange("GET /v1/decisions/" + "a".repeat(10_000) + " HTTP/1.1\r\nhost: x\r\n\r\n");

        assertJsonError(answer, 414, "uri_too_long");
    }

    @Test
    void largeHeadersAreJson() throws IOException {
        String answer = exchange("GET /health HTTP/1.1\r\nhost: x\r\nx-pad: " + "a".repeat(10_000) + "\r\n\r\n");

        assertJsonError(answer, 431, "headers_too_large");
    }

    @Test
    void somethingThatIsNotHttpIsJson() throws IOException {
        assertJsonError(exchange("GET /health HTTP/1.1\r\nhost: x\r\nno colon here\r\n\r\n"), 400, "malformed_request");
        // The start of a TLS handshake sent to the plain-HTTP port.
        assertJsonError(exchange("\u0016\u0003\u0001\u0002\u0000\u0001\u0000\u0001\u00fc\u0003\u0003\r\n\r\n"), 400,
                "malformed_request");
    }

    /** The codec drops the connection on a broken chunk before anything can be answered: no 500, no ERROR. */
    @Test
    void aBrokenChunkIsNotAServerError() throws IOException {
        String answer = exchange("POST /v1/score HTTP/1.1\r\nhost: x\r\nauthorization: Bearer " + TestKeys.API
                + "\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n");

        if (!answer.isEmpty()) {
            assertJsonError(answer, 400, "malformed_body");
        }
    }

    @Test
    void aClientHangingUpIsADebugLineNotAnError() throws Exception {
        LoggerContext logs = (LoggerContext) LoggerFactory.getILoggerFactory();
        Logger root = logs.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        Logger api = logs.getLogger(HttpApi.class);
        Level was = api.getLevel();
        ListAppender<ILoggingEvent> seen = new ListAppender<>();
        seen.start();
        root.addAppender(seen);
        api.setLevel(Level.DEBUG);
        try {
            for (int i = 0; i < 3; i++) {
                try (Socket s = new Socket("127.0.0.1", riskgate.service().port())) {
                    s.getOutputStream().write(("POST /v1/score HTTP/1.1\r\nhost: x\r\nauthorization: Bearer " + TestKeys.API
                            + "\r\ncontent-type: application/json\r\ncontent-length: 500\r\n\r\n{\"eventId\":")
                            .getBytes(StandardCharsets.US_ASCII));
                    s.getOutputStream().flush();
                    if (i == 0) {
                        s.setSoLinger(true, 0); // a reset rather than an orderly close
                    }
                }
            }
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (debugLines(seen) < 3 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }

            assertThat(debugLines(seen)).as("a debug line per hang-up").isGreaterThanOrEqualTo(3);
            // (Micrometer's one-time warning about a gauge the first request registers is not about hang-ups.)
            assertThat(List.copyOf(seen.list)).noneMatch(e -> e.getLevel().isGreaterOrEqual(Level.ERROR)
                    || e.getLevel() == Level.WARN && !e.getLoggerName().startsWith("io.micrometer"));
        } finally {
            root.detachAppender(seen);
            api.setLevel(was);
        }
    }

    private static long debugLines(ListAppender<ILoggingEvent> seen) {
        return List.copyOf(seen.list).stream()
                .filter(e -> e.getLevel() == Level.DEBUG && e.getFormattedMessage().startsWith("client went away")).count();
    }

    private static void assertJsonError(String answer, int status, String code) {
        String[] parts = answer.split("\r\n\r\n", 2);
        assertThat(parts[0]).as(answer).matches("(?s)HTTP/1\\.[01] " + status + " .*")
                .containsIgnoringCase("content-type: application/json");
        JsonObject body = new JsonObject(parts[1]);
        assertThat(body.getString("code")).isEqualTo(code);
        assertThat(body.getString("error")).isNotBlank();
        assertThat(body.containsKey("field")).isTrue();
    }

    /** Sends raw bytes and reads the answer until the server closes or a complete response has arrived. */
    private static String exchange(String raw) throws IOException {
        try (Socket s = new Socket("127.0.0.1", riskgate.service().port())) {
            s.setSoTimeout(30_000);
            OutputStream out = s.getOutputStream();
            out.write(raw.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = s.getInputStream();
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            byte[] buf = new byte[4096];
            for (int n; (n = in.read(buf)) > 0; ) {
                got.write(buf, 0, n);
                if (complete(got.toString(StandardCharsets.ISO_8859_1))) {
                    break;
                }
            }
            return got.toString(StandardCharsets.UTF_8);
        }
    }

    private static boolean complete(String text) {
        int end = text.indexOf("\r\n\r\n");
        if (end < 0) {
            return false;
        }
        Matcher m = CONTENT_LENGTH.matcher(text.substring(0, end));
        return m.find() && text.length() - end - 4 >= Integer.parseInt(m.group(1));
    }
}
