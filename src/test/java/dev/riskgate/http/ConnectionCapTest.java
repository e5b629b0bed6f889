package dev.riskgate.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A flood of idle connections cannot lock out a health check: past the cap, the connection idle longest
 * makes room. (In the issue, 20,000 idle sockets exhausted the file descriptors and /health went silent.)
 */
class ConnectionCapTest {

    private static final int CAP = 8;

    @RegisterExtension
    static final RunningRiskgate riskgate = RunningRiskgate.with(c -> c.withLimits(c.limits().withMaxConnections(CAP)));

    @Test
    void healthStillAnswersWhenIdleConnectionsFillTheCap() throws Exception {
        List<Socket> idle = new ArrayList<>();
        try {
            for (int i = 0; i < CAP * 3; i++) {
                Socket s = new Socket("127.0.0.1", riskgate.service().port());
                s.setSoTimeout(30_000);
                // One answered request each, so the server has surely taken the connection on.
                s.getOutputStream().write("GET /health HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                readStatusLine(s.getInputStream());
                idle.add(s);
            }

            assertThat(riskgate.client().get("/health").status()).isEqualTo(200);

            long stillOpen = idle.stream().filter(ConnectionCapTest::open).count();
            assertThat(stillOpen).as("idle connections the server kept").isLessThan(CAP);
            assertThat(riskgate.client().get("/metrics").body())
                    .containsPattern("riskgate_connections_closed_total\\{reason=\"evicted_idle\"} [1-9]");
        } finally {
            for (Socket s : idle) {
                s.close();
            }
        }
    }

    private static String readStatusLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        // Reads the whole small answer: status line, headers, and the JSON body up to its closing brace.
        for (int c; (c = in.read()) >= 0; ) {
            line.append((char) c);
            if (c == '}') {
                break;
            }
        }
        return line.toString();
    }

    /** Whether the server still holds this connection: a closed one reads end-of-stream at once. */
    private static boolean open(Socket s) {
        try {
            s.setSoTimeout(200);
            return s.getInputStream().read() != -1;
        } catch (java.net.SocketTimeoutException stillOpen) {
            return true;
        } catch (IOException closed) {
            return false;
        }
    }
}
