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

    /** Framing a proxy could read another way is refused before the body is read, and the connection closed. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "a coding after chunked       | transfer-encoding: chunked, identity",
            "a coding that is not chunked | transfer-encoding: identity",
            "chunked spelled inside a word| transfer-encoding: xchunked\\r\\ncontent-length: 2",
            "chunked twice, two headers   | transfer-encoding: chunked\\r\\ntransfer-encoding: chunked",
            "a length beside chunked      | content-length: 7\\r\\ntransfer-encoding: chunked",
            "chunked beside a length      | transfer-encoding: chunked\\r\\ncontent-length: 7"})
    void ambiguousFramingIsRefusedAndTheConnectionClosed(String name, String framing) throws IOException {
        String answer = exchangeUntilClosed(scoreHead(framing.replace("\\r\\n", "\r\n")) + "2\r\n{}\r\n0\r\n\r\n");

        assertJsonError(answer, 400, "malformed_request");
        assertThat(answer).containsIgnoringCase("connection: close").endsWith(CLOSED);
    }

    /** What follows a refused request on its connection is never read as a request of its own. */
    @Test
    void aRequestSmuggledBehindBothLengthsGetsNoAnswer() throws IOException {
        String smuggled = "GET /v1/decisions/smuggled HTTP/1.1\r\nhost: x\r\nauthorization: Bearer " + TestKeys.API
                + "\r\n\r\n";
        String answer = exchangeUntilClosed(scoreHead("content-length: 5\r\ntransfer-encoding: chunked")
                + "0\r\n\r\n" + smuggled);

        assertJsonError(answer, 400, "malformed_request");
        assertThat(answer.split("HTTP/1\\.1 ", -1)).as(answer).hasSize(2);
        assertThat(answer).doesNotContain("not_found").endsWith(CLOSED);
    }

    /**
     * A broken chunk comes mid-body, after the head was routed: it still gets the JSON 400, and the
     * connection is closed (nothing after it can be framed). Sizes that are not hex, and sizes over 31
     * bits, those the codec's own overflow check catches (all f) and those it misses (they wrap to a
     * positive number), are all broken.
     */
    @ParameterizedTest(name = "chunk size {0}")
    @CsvSource({"zz", "ffffffffffffffffffff", "11111111111111111111", "100000000", "0000000011111111111"})
    void aBrokenChunkIsAJsonBadRequest(String size) throws IOException {
        String answer = exchangeUntilClosed(scoreHead("transfer-encoding: chunked") + size + "\r\n{}\r\n0\r\n\r\n");

        assertJsonError(answer, 400, "malformed_body");
        assertThat(answer).containsIgnoringCase("connection: close").endsWith(CLOSED);
    }

    /** The strict framing still reads well-formed chunks, split anywhere, with leading zeros, and keeps the connection. */
    @Test
    void wellFormedChunksAreReadAndTheConnectionKept() throws IOException {
        JsonObject charge = ScoreBodies.charge("chunked-account", "chunked-device", 1000);
        String body = charge.encode();
        String first = body.substring(0, 10);
        String rest = body.substring(10);
        String chunked = scoreHead("transfer-encoding: Chunked") + "0000000a\r\n" + first + "\r\n"
                + Integer.toHexString(rest.length()) + ";ext=1\r\n" + rest + "\r\n0\r\n\r\n";
        try (Socket s = new Socket("127.0.0.1", riskgate.service().port())) {
            s.setSoTimeout(30_000);
            s.getOutputStream().write(chunked.getBytes(StandardCharsets.ISO_8859_1));
            assertThat(readResponse(s.getInputStream())).startsWith("HTTP/1.1 200 ").contains(charge.getString("eventId"));
            s.getOutputStream().write("GET /health HTTP/1.1\r\nhost: x\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            assertThat(readResponse(s.getInputStream())).startsWith("HTTP/1.1 200 ").contains("\"status\"");
        }
    }

    private static String scoreHead(String framing) {
        return "POST /v1/score HTTP/1.1\r\nhost: x\r\nauthorization: Bearer " + TestKeys.API
                + "\r\ncontent-type: application/json\r\n" + framing + "\r\n\r\n";
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
        String[] parts = answer.replace(CLOSED, "").split("\r\n\r\n", 2);
        assertThat(parts[0]).as(answer).matches("(?s)HTTP/1\\.[01] " + status + " .*")
                .containsIgnoringCase("content-type: application/json");
        JsonObject body = new JsonObject(parts[1]);
        assertThat(body.getString("code")).isEqualTo(code);
        assertThat(body.getString("error")).isNotBlank();
        assertThat(body.containsKey("field")).isTrue();
    }

    private static final String CLOSED = "<closed>";

    /** Sends raw bytes and reads everything until the server closes the connection, marked {@link #CLOSED}. */
    private static String exchangeUntilClosed(String raw) throws IOException {
        try (Socket s = new Socket("127.0.0.1", riskgate.service().port())) {
            s.setSoTimeout(30_000);
            s.getOutputStream().write(raw.getBytes(StandardCharsets.ISO_8859_1));
            s.getOutputStream().flush();
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8) + CLOSED;
        }
    }

    /** Reads one complete response (by its Content-Length) off a kept connection. */
    private static String readResponse(InputStream in) throws IOException {
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        while (!complete(got.toString(StandardCharsets.ISO_8859_1))) {
            int b = in.read();
            if (b < 0) {
                return got.toString(StandardCharsets.UTF_8) + CLOSED;
            }
            got.write(b);
        }
        return got.toString(StandardCharsets.UTF_8);
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
