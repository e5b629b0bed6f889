package dev.riskgate.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A client learns from each answer how long it may keep the connection unused, and a request sent at the
 * end of that time is still answered: it is not sent into the server's close (the keep-alive race that
 * showed up as connection errors in the open-loop benchmark and as nginx retries).
 */
class KeepAliveTest {

    private static final Duration HEADER_TIMEOUT = Duration.ofSeconds(3);

    @RegisterExtension
    static final RunningRiskgate riskgate = RunningRiskgate.with(c -> c.withLimits(
            c.limits().withTimeouts(Duration.ofSeconds(30), HEADER_TIMEOUT, Duration.ofSeconds(10))));

    @Test
    void aConnectionKeptIdleForTheAdvertisedTimeoutStillTakesTheNextRequest() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", riskgate.service().port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            byte[] health = "GET /health HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
            out.write(health);
            String first = RawHttp.readOneAnswer(socket);
            Matcher keepAlive = Pattern.compile("(?i)\r\nkeep-alive: *timeout=(\\d+)\r\n").matcher(first);
            assertThat(keepAlive.find()).as("a Keep-Alive timeout in %s", first).isTrue();
            long promised = Long.parseLong(keepAlive.group(1));
            assertThat(promised).isPositive().isLessThan(HEADER_TIMEOUT.toSeconds());

            Thread.sleep(Duration.ofSeconds(promised).toMillis());
            out.write(health);
            assertThat(RawHttp.readOneAnswer(socket)).startsWith("HTTP/1.1 200");
        }
    }
}
