package dev.riskgate.alerts;

import dev.riskgate.files.OwnerOnly;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import dev.riskgate.decisionlog.Retention;
import dev.riskgate.decisionlog.RotatingLog;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every delivery attempt, one JSON line each, in {@code alerts/deliveries-NNNNNN.jsonl} under the data
 * directory, rotated and deleted by age and size like the decision log ({@link Retention}):
 * {@code at}, {@code alertId}, {@code endpoint}, {@code attempt}, {@code status} (the HTTP status, 0 when
 * none came back), {@code outcome} (delivered, failed, dead: given up into the dead letters, disabled:
 * the endpoint answered 410) and {@code error}. What {@code riskgate alerts} lists, and the dead letters
 * an operator redelivers ({@link #lines}; an {@code alerts/deliveries.jsonl} an earlier version wrote is
 * read first). Beside it, {@code alerts/disabled-endpoints}: a line {@code <name> <url>} per endpoint a 410
 * disabled, so it stays disabled across restarts until its URL is configured anew.
 */
public final class DeliveryLog implements AutoCloseable {

    public static final String DIR = "alerts";
    private static final String PREFIX = "deliveries";
    /** The one file an earlier version appended to, never rotated: still read, no longer written. */
    private static final String EARLIER_FILE = "alerts/deliveries.jsonl";
    public static final String DISABLED = "alerts/disabled-endpoints";
    private static final Logger LOG = LoggerFactory.getLogger(DeliveryLog.class);

    private final RotatingLog log;
    private final FileChannel disabledFile;
    private final java.util.Set<String> disabled;

    private DeliveryLog(RotatingLog log, FileChannel disabledFile, java.util.Set<String> disabled) {
        this.log = log;
        this.disabledFile = disabledFile;
        this.disabled = disabled;
    }

    /** With the decision log's defaults: 64 MB a file, 7 days, 8 GB. */
    public static DeliveryLog open(Path dataDir) {
        return open(dataDir, Retention.defaults(), Clock.systemUTC());
    }

    public static DeliveryLog open(Path dataDir, Retention retention, Clock clock) {
        try {
            OwnerOnly.createDirectory(dataDir.resolve(DIR));
            Path disabledPath = dataDir.resolve(DISABLED);
            java.util.Set<String> disabled = java.util.concurrent.ConcurrentHashMap.newKeySet();
            if (java.nio.file.Files.exists(disabledPath)) {
                // A line cut short by a crash names no endpoint configured: harmless.
                disabled.addAll(java.nio.file.Files.readAllLines(disabledPath, StandardCharsets.UTF_8));
            }
            return new DeliveryLog(RotatingLog.open(dataDir.resolve(DIR), PREFIX, retention, clock),
                    OwnerOnly.openForAppend(disabledPath), disabled);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot open the alert delivery log in " + dataDir + ": " + e.getMessage(), e);
        }
    }

    /** Every attempt still kept under {@code dataDir}, oldest first. */
    public static List<String> lines(Path dataDir) throws IOException {
        List<String> lines = new ArrayList<>();
        Path earlier = dataDir.resolve(EARLIER_FILE);
        if (java.nio.file.Files.exists(earlier)) {
            lines.addAll(java.nio.file.Files.readAllLines(earlier, StandardCharsets.UTF_8));
        }
        for (Path file : RotatingLog.files(dataDir.resolve(DIR), PREFIX)) {
            lines.addAll(java.nio.file.Files.readAllLines(file, StandardCharsets.UTF_8));
        }
        lines.removeIf(String::isBlank);
        return lines;
    }

    void attempt(Instant at, String alertId, String endpoint, int attempt, int status, String outcome,
                 String error) {
        JsonObject line = new JsonObject().put("at", at.toString()).put("alertId", alertId).put("endpoint", endpoint)
                .put("attempt", attempt).put("status", status).put("outcome", outcome);
        if (error != null) {
            line.put("error", error);
        }
        try {
            log.append(line.encode());
        } catch (java.io.UncheckedIOException e) {
            LOG.warn("cannot write the alert delivery log: {}", e.getMessage());
        }
    }

    /** Whether a 410 disabled {@code endpoint}, at its configured URL, before. */
    boolean disabled(WebhookEndpoint endpoint) {
        return disabled.contains(key(endpoint));
    }

    /** Keeps {@code endpoint}, at its configured URL, disabled from now on, across restarts. */
    synchronized void disable(WebhookEndpoint endpoint) {
        if (disabled.add(key(endpoint))) {
            write(disabledFile, key(endpoint) + "\n");
        }
    }

    private static String key(WebhookEndpoint endpoint) {
        return endpoint.name() + " " + endpoint.url();
    }

    private static void write(FileChannel to, String text) {
        ByteBuffer bytes = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
        try {
            while (bytes.hasRemaining()) {
                to.write(bytes);
            }
        } catch (IOException e) {
            LOG.warn("cannot write the alert delivery log: {}", e.getMessage());
        }
    }

    @Override
    public synchronized void close() throws IOException {
        try {
            log.close();
        } finally {
            disabledFile.close();
        }
    }
}
