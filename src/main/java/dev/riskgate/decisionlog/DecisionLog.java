package dev.riskgate.decisionlog;

import dev.riskgate.decision.Decision;
import dev.riskgate.decision.DecisionJson;
import dev.riskgate.decision.FeedbackOutcome;
import dev.riskgate.event.Field;
import dev.riskgate.event.ScoreRequest;
import dev.riskgate.event.ScoreRequestJson;
import dev.riskgate.scoring.DecisionListener;
import dev.riskgate.scoring.Scored;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Every decision, feedback and shadow verdict, appended as JSON Lines under
 * {@code RISKGATE_DATA_DIR/decisions/}, rotated by size and pruned by age and total size ({@link Retention}).
 * A score line carries the request in its wire form (without its personal fields when redacted), so
 * yesterday's traffic can be replayed against today's candidate pack
 * ({@code riskgate replay --events decisions-*.jsonl}). Lines are written before the answer goes out and
 * reach the OS before it does: they survive a crash of the process, like the state store. The files hold
 * account and device ids, so only the service's own user may read them (directory 0700, files 0600).
 */
public final class DecisionLog implements DecisionListener, AutoCloseable {

    public static final String DIR = "decisions";

    private final Path dir;
    private final Retention retention;
    private final Clock clock;
    private final RetentionSweep sweep;
    private FileChannel out;
    private Path current;
    private long size;

    private DecisionLog(Path dir, Retention retention, Clock clock) {
        this.dir = dir;
        this.retention = retention;
        this.clock = clock;
        this.sweep = new RetentionSweep(dir, "decisions", retention, clock);
    }

    /** A log with the default retention and {@code maxBytes} per file. */
    public static DecisionLog open(Path dataDir, long maxBytes, Clock clock) {
        return open(dataDir, Retention.defaults().withMaxFileBytes(maxBytes), clock);
    }

    public static DecisionLog open(Path dataDir, Retention retention, Clock clock) {
        DecisionLog log = new DecisionLog(dataDir.resolve(DIR), retention, clock);
        try {
            OwnerOnly.createDirectory(log.dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + log.dir, e);
        }
        log.sweep.run(null);
        return log;
    }

    @Override
    public void decided(ScoreRequest request, Scored scored) {
        long latencyMicros = TimeUnit.NANOSECONDS.toMicros(scored.readNanos() + scored.evalNanos() + scored.writeNanos());
        append(new JsonObject()
                .put("kind", "score")
                .put("loggedAt", clock.instant().toString())
                .put("event", event(request))
                .put("answer", DecisionJson.of(scored.decision()))
                .put("rulesVersion", scored.decision().rulesVersion())
                .put("latencyMicros", latencyMicros));
    }

    @Override
    public void feedbackRecorded(String eventId, FeedbackOutcome outcome) {
        append(new JsonObject().put("kind", "feedback").put("loggedAt", clock.instant().toString())
                .put("eventId", eventId).put("outcome", outcome.name()));
    }

    /** A shadow pack's verdict beside the answer that was given. */
    public void shadow(Decision active, Decision shadow) {
        append(new JsonObject().put("kind", "shadow").put("loggedAt", clock.instant().toString())
                .put("eventId", active.eventId())
                .put("activeDecision", active.decision().name()).put("activeVersion", active.rulesVersion())
                .put("shadow", DecisionJson.of(shadow)));
    }

    private JsonObject event(ScoreRequest request) {
        JsonObject event = ScoreRequestJson.encode(request);
        if (retention.redact()) {
            for (Field f : Field.values()) {
                if (f.personal()) {
                    event.remove(f.wireName());
                }
            }
        }
        return event;
    }

    synchronized void append(JsonObject line) {
        byte[] bytes = (line.encode() + "\n").getBytes(StandardCharsets.UTF_8);
        try {
            if (out == null || size + bytes.length > retention.maxFileBytes()) {
                rotate();
            }
            ByteBuffer buf = ByteBuffer.wrap(bytes);
            while (buf.hasRemaining()) {
                out.write(buf);
            }
            size += bytes.length;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to the decision log " + current, e);
        }
    }

    private void rotate() throws IOException {
        if (out != null) {
            out.close();
        }
        current = dir.resolve(String.format("decisions-%06d.jsonl", nextIndex()));
        out = OwnerOnly.openForAppend(current);
        size = out.size();
        sweep.run(current);
    }

    private long nextIndex() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString())
                    .filter(n -> n.matches("decisions-\\d{6,}\\.jsonl"))
                    .mapToLong(n -> Long.parseLong(n.substring(10, n.length() - 6)))
                    .max().orElse(0) + 1;
        }
    }

    @Override
    public synchronized void close() {
        if (out != null) {
            try {
                out.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            out = null;
        }
    }
}
