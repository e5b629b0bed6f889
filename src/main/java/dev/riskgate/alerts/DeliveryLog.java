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
 * an operator redelivers.
 */
public final class DeliveryLog implements AutoCloseable {

    public static final String FILE = "alerts/deliveries.jsonl";
    private static final Logger LOG = LoggerFactory.getLogger(DeliveryLog.class);

    private final FileChannel file;

    private DeliveryLog(FileChannel file) {
        this.file = file;
    }

    public static DeliveryLog open(Path dataDir) {
        try {
            OwnerOnly.createDirectory(dataDir.resolve("alerts"));
            return new DeliveryLog(OwnerOnly.openForAppend(dataDir.resolve(FILE)));
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
        ByteBuffer bytes = ByteBuffer.wrap((line.encode() + "\n").getBytes(StandardCharsets.UTF_8));
        try {
            while (bytes.hasRemaining()) {
                file.write(bytes);
            }
        } catch (IOException e) {
            LOG.warn("cannot write the alert delivery log: {}", e.getMessage());
        }
    }

    @Override
    public synchronized void close() throws IOException {
        file.close();
    }
}
