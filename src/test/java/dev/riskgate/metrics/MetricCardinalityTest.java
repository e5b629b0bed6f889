package dev.riskgate.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.riskgate.http.RunningRiskgate;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A client choosing methods and paths cannot grow the number of series Prometheus has to scrape. */
class MetricCardinalityTest {

    private static final int CONNECTIONS = 10;
    private static final int REQUESTS_PER_CONNECTION = 400;
    private static final Pattern STATUS_LINE = Pattern.compile("HTTP/1\\.1 \\d{3} ");
    private static final Pattern METHOD = Pattern.compile("method=\"([^\"]*)\"");
    private static final Pattern ROUTE = Pattern.compile("route=\"([^\"]*)\"");

    @RegisterExtension
    static final RunningRiskgate riskgate = new RunningRiskgate();

    @Test
    void inventedMethodsAndPathsKeepSeriesBounded() throws Exception {
        Random random = new Random(42);
        int answered = 0;
        for (int c = 0; c < CONNECTIONS; c++) {
            answered += sendInventedRequests(random);
        }
        assertThat(answered).as("every invented request got an answer").isEqualTo(CONNECTIONS * REQUESTS_PER_CONNECTION);

        String scrape = riskgate.client().get("/metrics").body();
        long httpSeries = scrape.lines().filter(l -> l.startsWith("vertx_http_server")).count();
        long allSeries = scrape.lines().filter(l -> !l.startsWith("#") && !l.isBlank()).count();
        Set<String> methods = labelValues(METHOD, scrape);
        Set<String> routes = labelValues(ROUTE, scrape);
        System.out.printf("cardinality: %d invented requests -> %d vertx_http_server series, %d series in all, %d method values%n",
                answered, httpSeries, allSeries, methods.size());
        assertThat(methods).as("the flood is counted, under one label value").contains("other")
                .isSubsetOf("GET", "POST", "PUT", "DELETE", "HEAD", "OPTIONS", "PATCH", "other");
        // "/v1/" and "/admin/": requests the key check refused before any endpoint saw them.
        assertThat(routes).as("endpoints, never paths").isSubsetOf("/v1/score", "/v1/feedback", "/v1/decisions/:eventId",
                "/health", "/metrics", "/admin/rules", "/admin/rules/reload", "/v1/", "/admin/", "/metrics/", "unmatched");
        // 4,000 distinct methods and paths would be 4,000+ series per meter; the known ones are a few dozen.
        assertThat(httpSeries).isLessThan(200);
        assertThat(allSeries).isLessThan(1500);
    }

    private static Set<String> labelValues(Pattern label, String scrape) {
        Set<String> values = new TreeSet<>();
        Matcher m = label.matcher(scrape);
        while (m.find()) {
            values.add(m.group(1));
        }
        return values;
    }

    /** Pipelines invented requests on one connection, then a closing request, and counts the answers. */
    private static int sendInventedRequests(Random random) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", riskgate.service().port())) {
            socket.setSoTimeout(30_000);
            InputStream in = socket.getInputStream();
            CompletableFuture<String> answers = CompletableFuture.supplyAsync(() -> readAll(in));
            OutputStream out = socket.getOutputStream();
            StringBuilder batch = new StringBuilder();
            for (int i = 0; i < REQUESTS_PER_CONNECTION - 1; i++) {
                batch.append(word(random, 3, 12)).append(' ').append(path(random)).append(" HTTP/1.1\r\nHost: x\r\n\r\n");
            }
            batch.append("GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            out.write(batch.toString().getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String all = answers.join();
            return (int) STATUS_LINE.matcher(all).results().count();
        }
    }

    private static String path(Random random) {
        return switch (random.nextInt(3)) {
            case 0 -> "/" + word(random, 1, 20).toLowerCase();
            case 1 -> "/v1/" + word(random, 1, 20).toLowerCase();
            default -> "/v1/decisions/" + word(random, 1, 20).toLowerCase();
        };
    }

    private static String word(Random random, int min, int max) {
        char[] chars = new char[min + random.nextInt(max - min + 1)];
        for (int i = 0; i < chars.length; i++) {
            chars[i] = (char) ('A' + random.nextInt(26));
        }
        return new String(chars);
    }

    private static String readAll(InputStream in) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            in.transferTo(bytes);
            return bytes.toString(StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
