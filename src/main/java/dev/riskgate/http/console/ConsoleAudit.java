package dev.riskgate.http.console;

import dev.riskgate.decisionlog.Retention;
import dev.riskgate.decisionlog.RotatingLog;
import dev.riskgate.http.FeedbackAudit;
import io.vertx.core.json.JsonObject;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every analyst action in the console (login, logout, claim, label, dry run) as one JSON line in
 * {@code DATA_DIR/audit/console-NNNNNN.jsonl}, with the key id that did it; kept as long as the feedback
 * audit. Labels are also written to the feedback audit, like any feedback.
 */
final class ConsoleAudit implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ConsoleAudit.class);

    private final RotatingLog out;
    private final Clock clock;

    private ConsoleAudit(RotatingLog out, Clock clock) {
        this.out = out;
        this.clock = clock;
    }

    static ConsoleAudit open(Path dataDir, Retention retention, Clock clock) {
        return new ConsoleAudit(RotatingLog.open(dataDir.resolve(FeedbackAudit.DIR), "console",
                retention.keptAtLeast(FeedbackAudit.MIN_AGE), clock), clock);
    }

    void write(String keyId, String action, String eventId, String detail) {
        JsonObject line = new JsonObject().put("at", clock.instant().toString()).put("keyId", keyId)
                .put("action", action).put("eventId", eventId).put("detail", detail);
        try {
            out.append(line.encode());
        } catch (UncheckedIOException e) {
            LOG.error("cannot append to the console audit log", e);
        }
    }

    @Override
    public void close() {
        out.close();
    }
}
