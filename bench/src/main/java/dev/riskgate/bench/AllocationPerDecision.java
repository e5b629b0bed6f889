package dev.riskgate.bench;

import dev.riskgate.Service;
import dev.riskgate.config.Config;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Bytes the service allocates per decision: riskgate started in this JVM on a fresh embedded store, fed
 * varied events one at a time over a keep-alive loopback connection, with every thread's allocation counter
 * ({@code com.sun.management.ThreadMXBean}) read before and after. The client's own thread is left out,
 * so the figure is what the service's threads (event loop, workers, journal, timers) allocated, divided by
 * the decisions made. A count, not a time: a busy machine changes how long it takes, not the bytes.
 * Usage: AllocationPerDecision rulesDir casesDir warmup measured accounts; prints one JSON object.
 */
public final class AllocationPerDecision {

    private static final String KEY = "bench-api-key-0123456789";

    public static void main(String[] args) throws Exception {
        Path rules = Path.of(args[0]);
        String cases = args[1];
        int warmup = Integer.parseInt(args[2]);
        int measured = Integer.parseInt(args[3]);
        int accounts = Integer.parseInt(args[4]);
        Path data = Files.createTempDirectory("riskgate-alloc-");
        Config config = Config.from(Map.of("RISKGATE_PORT", "0", "RISKGATE_HOST", "127.0.0.1",
                "RISKGATE_DATA_DIR", data.toString(), "RISKGATE_RULES_DIR", rules.toString(),
                "RISKGATE_CASES_DIR", cases, "RISKGATE_API_KEYS", KEY, "RISKGATE_LOG_LEVEL", "WARN"));
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        threads.setThreadAllocatedMemoryEnabled(true);
        try (Service service = Service.start(config); Socket socket = new Socket("127.0.0.1", service.port())) {
            socket.setTcpNoDelay(true);
            Client client = new Client(socket);
            VariedEvents events = new VariedEvents(accounts, 7);
            int degraded = 0;
            for (int i = 0; i < warmup; i++) {
                degraded += client.score(events.next());
            }
            long self = Thread.currentThread().getId();
            Map<Long, Long> before = allocatedByOthers(threads, self);
            for (int i = 0; i < measured; i++) {
                degraded += client.score(events.next());
            }
            Map<Long, Long> after = allocatedByOthers(threads, self);
            // By thread, over the threads alive at the end (one that ended meanwhile took its count along).
            Map<String, Long> byKind = new java.util.TreeMap<>(Map.of("event_loop", 0L, "scoring_worker", 0L, "other", 0L));
            for (Map.Entry<Long, Long> e : after.entrySet()) {
                java.lang.management.ThreadInfo info = threads.getThreadInfo(e.getKey());
                String kind = info == null ? "other" : kind(info.getThreadName());
                byKind.merge(kind, e.getValue() - before.getOrDefault(e.getKey(), 0L), Long::sum);
            }
            StringBuilder byThread = new StringBuilder();
            long total = 0;
            for (Map.Entry<String, Long> e : byKind.entrySet()) {
                total += e.getValue();
                byThread.append(byThread.isEmpty() ? "" : ",").append('"').append(e.getKey()).append("\":")
                        .append(e.getValue() / measured);
            }
            System.out.printf("{\"decisions\":%d,\"warmup\":%d,\"accounts\":%d,\"bytes_per_decision\":%d,"
                    + "\"bytes_per_decision_by_thread\":{%s},\"degraded\":%d}%n",
                    measured, warmup, accounts, total / measured, byThread, degraded);
        }
    }

    /** Bytes allocated so far by every live thread but {@code self}, by thread id. */
    private static Map<Long, Long> allocatedByOthers(com.sun.management.ThreadMXBean threads, long self) {
        long[] ids = threads.getAllThreadIds();
        long[] bytes = threads.getThreadAllocatedBytes(ids);
        Map<Long, Long> byId = new java.util.HashMap<>();
        for (int i = 0; i < ids.length; i++) {
            if (ids[i] != self && bytes[i] >= 0) {
                byId.put(ids[i], bytes[i]);
            }
        }
        return byId;
    }

    /**
     * The kind of a thread: the event loops (HTTP, routing, parsing and validation, answering), the
     * scoring workers (state, rules, journal write, decision log) and the rest (timers, the journal's
     * flusher, metrics).
     */
    private static String kind(String thread) {
        if (thread.startsWith("vert.x-eventloop")) {
            return "event_loop";
        }
        return thread.startsWith("riskgate-scoring") ? "scoring_worker" : "other";
    }

    /** HTTP/1.1 on one keep-alive connection; answers must be 200. Returns 1 for a degraded answer. */
    private static final class Client {
        private final OutputStream out;
        private final InputStream in;
        private final byte[] buf = new byte[64 * 1024];

        Client(Socket socket) throws IOException {
            this.out = socket.getOutputStream();
            this.in = socket.getInputStream();
        }

        int score(String body) throws IOException {
            byte[] json = body.getBytes(StandardCharsets.UTF_8);
            ByteArrayOutputStream req = new ByteArrayOutputStream(json.length + 200);
            req.write(("POST /v1/score HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + KEY
                    + "\r\nContent-Type: application/json\r\nContent-Length: " + json.length + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            req.write(json);
            out.write(req.toByteArray());
            out.flush();
            String answer = readResponse();
            if (!answer.startsWith("HTTP/1.1 200")) {
                throw new IllegalStateException("not answered 200: " + answer);
            }
            return answer.contains("\"degraded\":true") ? 1 : 0;
        }

        private String readResponse() throws IOException {
            int n = 0;
            int headerEnd = -1;
            while (headerEnd < 0) {
                n += read(n);
                headerEnd = indexOf(buf, n, "\r\n\r\n");
            }
            String head = new String(buf, 0, headerEnd, StandardCharsets.US_ASCII);
            int length = 0;
            for (String line : head.split("\r\n")) {
                if (line.regionMatches(true, 0, "content-length:", 0, 15)) {
                    length = Integer.parseInt(line.substring(15).trim());
                }
            }
            int total = headerEnd + 4 + length;
            while (n < total) {
                n += read(n);
            }
            return new String(buf, 0, total, StandardCharsets.UTF_8);
        }

        private int read(int at) throws IOException {
            int r = in.read(buf, at, buf.length - at);
            if (r < 0) {
                throw new IOException("connection closed by riskgate");
            }
            return r;
        }

        private static int indexOf(byte[] b, int n, String s) {
            outer:
            for (int i = 0; i + s.length() <= n; i++) {
                for (int j = 0; j < s.length(); j++) {
                    if (b[i + j] != s.charAt(j)) {
                        continue outer;
                    }
                }
                return i;
            }
            return -1;
        }
    }
}
