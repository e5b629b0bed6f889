package dev.riskgate.decisionlog;

import dev.riskgate.http.DecisionJson;
import dev.riskgate.http.ScoreRequestJson;
import dev.riskgate.scoring.Decision;
import dev.riskgate.scoring.DecisionListener;
import dev.riskgate.scoring.FeedbackOutcome;
import dev.riskgate.scoring.ScoreRequest;
import dev.riskgate.scoring.Scored;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Every decision, feedback and shadow verdict, appended as JSON Lines under
 * {@code RISKGATE_DATA_DIR/decisions/}, rotated by size. A score line carries the request in its wire
 * form, so yesterday's traffic can be replayed against today's candidate pack
 * ({@code riskgate replay --events decisions-*.jsonl}). Lines are written before the answer goes out and
 * reach the OS before it does: they survive a crash of the process, like the state store.
 */
public final class DecisionLog implements DecisionListener, AutoCloseable {

    public static final String DIR = "decisions";

    private final Path dir;
    private final long maxBytes;
    private final Clock clock;
    private FileChannel out;
    private Path current;
    private long size;

    private DecisionLog(Path dir, long maxBytes, Clock clock) {
        this.dir = dir;
        this.maxBytes = maxBytes;
        this.clock = clock;
    }

    public static DecisionLog open(Path dataDir, long maxBytes, Clock clock) {
        if (maxBytes < 1024) {
            throw new IllegalArgumentException("maxBytes must be at least 1024, was " + maxBytes);
        }
        DecisionLog log = new DecisionLog(dataDir.resolve(DIR), maxBytes, clock);
        try {
            Files.createDirectories(log.dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + log.dir, e);
        }
        return log;
    }

    @Override
    public void decided(ScoreRequest request, Scored scored) {
        long latencyMicros = TimeUnit.NANOSECONDS.toMicros(scored.readNanos() + scored.evalNanos() + scored.writeNanos());
        append(new JsonObject()
                .put("kind", "score")
                .put("loggedAt", clock.instant().toString())
                .put("event", ScoreRequestJson.encode(request))
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

    synchronized void append(JsonObject line) {
        byte[] bytes = (line.encode() + "\n").getBytes(StandardCharsets.UTF_8);
        try {
            if (out == null || size + bytes.length > maxBytes) {
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
        out = FileChannel.open(current, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        size = out.size();
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
