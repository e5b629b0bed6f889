package dev.riskgate.alerts;

import dev.riskgate.files.OwnerOnly;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every delivery attempt, one JSON line each, in {@code alerts/deliveries.jsonl} under the data directory:
 * {@code at}, {@code alertId}, {@code endpoint}, {@code attempt}, {@code status} (the HTTP status, 0 when
 * none came back), {@code outcome} (delivered, failed, dead: given up into the dead letters, disabled:
 * the endpoint answered 410) and {@code error}. What {@code riskgate alerts} lists, and the dead letters
 * an operator redelivers. Beside it, {@code alerts/disabled-endpoints}: a line {@code <name> <url>} per
 * endpoint a 410 disabled, so it stays disabled across restarts until its URL is configured anew.
 */
public final class DeliveryLog implements AutoCloseable {

    public static final String FILE = "alerts/deliveries.jsonl";
    public static final String DISABLED = "alerts/disabled-endpoints";
    private static final Logger LOG = LoggerFactory.getLogger(DeliveryLog.class);

    private final FileChannel file;
    private final FileChannel disabledFile;
    private final java.util.Set<String> disabled;

    private DeliveryLog(FileChannel file, FileChannel disabledFile, java.util.Set<String> disabled) {
        this.file = file;
        this.disabledFile = disabledFile;
        this.disabled = disabled;
    }

    public static DeliveryLog open(Path dataDir) {
        try {
            OwnerOnly.createDirectory(dataDir.resolve("alerts"));
            Path disabledPath = dataDir.resolve(DISABLED);
            java.util.Set<String> disabled = java.util.concurrent.ConcurrentHashMap.newKeySet();
            if (java.nio.file.Files.exists(disabledPath)) {
                // A line cut short by a crash names no endpoint configured: harmless.
                disabled.addAll(java.nio.file.Files.readAllLines(disabledPath, StandardCharsets.UTF_8));
            }
            return new DeliveryLog(OwnerOnly.openForAppend(dataDir.resolve(FILE)), OwnerOnly.openForAppend(disabledPath),
                    disabled);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot open the alert delivery log in " + dataDir + ": " + e.getMessage(), e);
        }
    }

    synchronized void attempt(Instant at, String alertId, String endpoint, int attempt, int status, String outcome,
                              String error) {
        JsonObject line = new JsonObject().put("at", at.toString()).put("alertId", alertId).put("endpoint", endpoint)
                .put("attempt", attempt).put("status", status).put("outcome", outcome);
        if (error != null) {
            line.put("error", error);
        }
        write(file, line.encode() + "\n");
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
            file.close();
        } finally {
            disabledFile.close();
        }
    }
}
