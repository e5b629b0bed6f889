package dev.riskgate.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.riskgate.RiskgateProcess;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A fresh riskgate serving its first connections logs no warning: Vert.x re-registering its connection
 * gauges (which Micrometer reports once per process) is not something an operator can act on. Run in a
 * child JVM, since Micrometer warns only once per process.
 */
class StartupLogTest {

    @TempDir
    Path dir;

    @Test
    void noGaugeWarningOnTheFirstConnections() throws Exception {
        assertThat(serveAFewConnections("plain", Map.of())).doesNotContain("already registered").doesNotContain("\"WARN\"");
    }

    @Test
    void noGaugeWarningWithTheMetricsListenerEither() throws Exception {
        int metricsPort = freePort();
        String log = serveAFewConnections("metrics", Map.of("RISKGATE_METRICS_PORT", Integer.toString(metricsPort)),
                metricsPort);
        assertThat(log).doesNotContain("already registered").doesNotContain("\"WARN\"");
    }

    private String serveAFewConnections(String name, Map<String, String> env, int... otherPorts) throws Exception {
        Map<String, String> settings = new HashMap<>(env);
        settings.put("RISKGATE_DATA_DIR", dir.resolve(name + "-data").toString());
        try (RiskgateProcess child = RiskgateProcess.start(dir, dir.resolve(name + ".log"), settings)) {
            for (int i = 0; i < 4; i++) {
                get(child.port(), "/health");
                for (int port : otherPorts) {
                    get(port, "/metrics");
                }
            }
            Thread.sleep(300);
            return child.output();
        }
    }

    /** One request on a connection of its own, read to the end (the server closes it). */
    private static void get(int port, String path) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            InputStream in = s.getInputStream();
            byte[] answer = in.readAllBytes();
            assertThat(new String(answer, StandardCharsets.US_ASCII)).startsWith("HTTP/1.1 200");
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
