package dev.riskgate.observability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.riskgate.TestPaths;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Prometheus on a free loopback port, scraping one riskgate every second with the repository's
 * scrape config (prometheus/prometheus.yml, its target swapped for the test's) and alert rules.
 */
final class LivePrometheus implements AutoCloseable {

    /** The scrape job in prometheus/prometheus.yml; alerts and dashboards select on it. */
    static final String JOB = "riskgate";
    private static final Path PROMETHEUS_DIR = TestPaths.repo().resolve("prometheus");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final URI base;
    private final Path log;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private LivePrometheus(Process process, URI base, Path log) {
        this.process = process;
        this.base = base;
        this.log = log;
    }

    /** Starts Prometheus in {@code workDir} scraping {@code target} (host:port) and waits until it is ready. */
    static LivePrometheus start(Path workDir, String target) throws IOException {
        Path binary = PrometheusTools.require("prometheus");
        Files.createDirectories(workDir);
        Path config = workDir.resolve("prometheus.yml");
        Files.writeString(config, config(target));
        int port = freePort();
        Path log = workDir.resolve("prometheus.log");
        Process process = new ProcessBuilder(binary.toString(),
                "--config.file=" + config,
                "--storage.tsdb.path=" + workDir.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port)
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        LivePrometheus prometheus = new LivePrometheus(process, URI.create("http://127.0.0.1:" + port), log);
        try {
            prometheus.awaitReady(Duration.ofSeconds(30));
        } catch (RuntimeException e) {
            prometheus.close();
            throw e;
        }
        return prometheus;
    }

    /** The repository's prometheus.yml, scraping {@code target} every second and evaluating rules as often. */
    private static String config(String target) throws IOException {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        ObjectNode config = (ObjectNode) yaml.readTree(PROMETHEUS_DIR.resolve("prometheus.yml").toFile());
        config.with("global").put("scrape_interval", "1s").put("evaluation_interval", "1s");
        ArrayNode rules = config.putArray("rule_files");
        for (JsonNode file : yaml.readTree(PROMETHEUS_DIR.resolve("prometheus.yml").toFile()).path("rule_files")) {
            rules.add(PROMETHEUS_DIR.resolve(file.asText()).toAbsolutePath().toString());
        }
        boolean found = false;
        for (JsonNode job : config.path("scrape_configs")) {
            if (job.path("job_name").asText().equals(JOB)) {
                ((ObjectNode) job).putArray("static_configs").addObject().putArray("targets").add(target);
                found = true;
            }
        }
        if (!found) {
            throw new IllegalStateException("prometheus/prometheus.yml has no scrape job '" + JOB + "'");
        }
        return yaml.writeValueAsString(config);
    }

    /** Result of an instant query: the API's status, its error (null on success) and the result vector. */
    record Answer(String status, String error, JsonNode result) {
        boolean hasSeries() {
            return result != null && !result.isEmpty();
        }

        /** True when every sample is NaN (a ratio of two zero rates): a panel would show no number. */
        boolean allNaN() {
            if (!hasSeries()) {
                return false;
            }
            for (JsonNode series : result) {
                if (!series.path("value").path(1).asText().equals("NaN")) {
                    return false;
                }
            }
            return true;
        }
    }

    Answer query(String promql) {
        JsonNode body = get("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
        return new Answer(body.path("status").asText(), body.has("error") ? body.path("error").asText() : null,
                body.path("data").path("result"));
    }

    /** The value of the first series {@code promql} returns, or NaN when it returns none. */
    double value(String promql) {
        Answer a = query(promql);
        return a.hasSeries() ? Double.parseDouble(a.result().get(0).path("value").path(1).asText()) : Double.NaN;
    }

    JsonNode get(String pathAndQuery) {
        HttpRequest request = HttpRequest.newBuilder(base.resolve(pathAndQuery)).timeout(Duration.ofSeconds(10)).GET().build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException("GET " + request.uri() + " failed; Prometheus log:\n" + logTail(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    String logTail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private void awaitReady(Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        HttpRequest ready = HttpRequest.newBuilder(base.resolve("/-/ready")).timeout(Duration.ofSeconds(2)).GET().build();
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("prometheus exited with " + process.exitValue() + ":\n" + logTail());
            }
            try {
                if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
            sleep(200);
        }
        throw new IllegalStateException("prometheus was not ready within " + timeout + ":\n" + logTail());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
