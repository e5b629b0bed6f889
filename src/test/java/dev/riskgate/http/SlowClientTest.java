package dev.riskgate.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A client that sends slowly, or stops halfway, loses its connection instead of holding it forever. */
class SlowClientTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(1);
    /** Far longer than the timeouts: reaching it means the server held the connection. */
    private static final int GIVE_UP_MILLIS = 30_000;

    @RegisterExtension
    static final RunningRiskgate riskgate = RunningRiskgate.with(c -> c.withLimits(
            c.limits().withTimeouts(Duration.ofSeconds(30), TIMEOUT, TIMEOUT).withMaxHeaderBytes(2048)));

    /** Slowloris on a kept-alive connection: after its first answer, the next head trickles in a line at a time. */
    @Test
    void closesAKeptAliveConnectionWhoseNextHeadTricklesIn() throws Exception {
        String before = closedForHeaderTimeout();
        try (Socket socket = connect()) {
            OutputStream out = socket.getOutputStream();
            out.write("GET /health HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertThat(RawHttp.readOneAnswer(socket)).startsWith("HTTP/1.1 200");
            out.write("POST /v1/score HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII));
            assertCutOffWhileHeadersTrickle(socket);
        }
        assertThat(closedForHeaderTimeout()).isNotEqualTo(before);
    }

    /**
     * Slowloris on a brand-new connection: its very first head trickles in a line at a time, each line well
     * inside the idle timeout, and is cut off at the header timeout.
     */
    @Test
    void closesANewConnectionWhoseFirstHeadTricklesIn() throws Exception {
        String before = closedForHeaderTimeout();
        try (Socket socket = connect()) {
            socket.getOutputStream().write("POST /v1/score HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII));
            assertCutOffWhileHeadersTrickle(socket);
        }
        assertThat(closedForHeaderTimeout()).isNotEqualTo(before);
    }

    /**
     * A new connection that trickles the HTTP/2 cleartext preface a byte at a time: while those bytes could
     * still be h2c, a server that offers h2c has not decided the protocol, so no per-connection guard runs
     * and only the idle timeout would end it. riskgate speaks HTTP/1.1 only, so the guard starts at accept.
     */
    @Test
    void closesANewConnectionThatTricklesTheHttp2Preface() throws Exception {
        byte[] preface = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r".getBytes(StandardCharsets.US_ASCII);
        AtomicBoolean sentAll = new AtomicBoolean();
        try (Socket socket = connect()) {
            OutputStream out = socket.getOutputStream();
            Thread trickle = new Thread(() -> {
                try {
                    // 23 bytes, 300 ms apart: about 7 s, seven header timeouts.
                    for (byte b : preface) {
                        out.write(b);
                        out.flush();
                        Thread.sleep(300);
                    }
                    sentAll.set(true);
                } catch (IOException | InterruptedException closed) {
                    // the server hung up: what the test waits for
                }
            });
            trickle.start();
            try {
                readToEnd(socket);
                assertThat(sentAll).as("closed before the trickle ended").isFalse();
            } finally {
                trickle.interrupt();
                trickle.join();
            }
        }
    }

    /**
     * Slowloris: one header line every 200 ms, each well inside any idle timeout, until the server hangs
     * up; fails if it answers, or holds the connection for GIVE_UP_MILLIS.
     */
    private static void assertCutOffWhileHeadersTrickle(Socket socket) throws Exception {
        OutputStream out = socket.getOutputStream();
        AtomicBoolean stop = new AtomicBoolean();
        Thread trickle = new Thread(() -> {
            try {
                for (int i = 0; !stop.get() && i < GIVE_UP_MILLIS / 200; i++) {
                    out.write(("X-Slow-" + i + ": y\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    Thread.sleep(200);
                }
            } catch (IOException | InterruptedException closed) {
                // the server hung up: what the test waits for
            }
        });
        trickle.start();
        try {
            assertThat(readToEnd(socket)).as("no answer to a head that never ends").isEmpty();
        } finally {
            stop.set(true);
            trickle.join();
        }
    }

    /** The header-timeout closes counted so far, as the metrics page shows them. */
    private static String closedForHeaderTimeout() {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(
                "riskgate_connections_closed_total\\{reason=\"header_timeout\"} (\\S+)")
                .matcher(riskgate.client().get("/metrics").body());
        return m.find() ? m.group(1) : "none";
    }

    @Test
    void answers408WhenTheBodyStallsAndCloses() throws Exception {
        try (Socket socket = connect()) {
            socket.getOutputStream().write(("POST /v1/score HTTP/1.1\r\nHost: x\r\ncontent-type: application/json\r\n"
                    + "authorization: Bearer " + TestKeys.API + "\r\n"
                    + "content-length: 100\r\n\r\n{\"eventId\":").getBytes(StandardCharsets.US_ASCII));
            String answer = readToEnd(socket);
            assertThat(answer).startsWith("HTTP/1.1 408").contains("\"code\":\"timeout\"");
        }
    }

    @Test
    void refusesAHeadOverTheLimit() throws Exception {
        try (Socket socket = connect()) {
            socket.getOutputStream().write(("GET /health HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(4096) + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            assertThat(readToEnd(socket)).startsWith("HTTP/1.1 431");
        }
    }

    @Test
    void keepsServingOrdinaryClients() {
        assertThat(riskgate.client().get("/health").status()).isEqualTo(200);
    }

    private static Socket connect() throws IOException {
        Socket socket = new Socket("127.0.0.1", riskgate.service().port());
        socket.setSoTimeout(GIVE_UP_MILLIS);
        return socket;
    }

    /** Everything the server sends until it closes; fails if the server keeps the connection open. */
    private static String readToEnd(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        StringBuilder text = new StringBuilder();
        byte[] buf = new byte[4096];
        try {
            for (int n; (n = in.read(buf)) >= 0; ) {
                text.append(new String(buf, 0, n, StandardCharsets.ISO_8859_1));
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the server held the connection for " + GIVE_UP_MILLIS + " ms; got: " + text, e);
        } catch (SocketException reset) {
            // closed with unread input on the server side: a reset, which is a close too
        }
        return text.toString();
    }
}
