package dev.riskgate.decisionlog;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.riskgate.decision.Decision;
import dev.riskgate.decision.DecisionJson;
import dev.riskgate.decision.FeedbackOutcome;
import dev.riskgate.event.Iso8601;
import dev.riskgate.event.ScoreRequestJson;
import dev.riskgate.scoring.DecisionEnvelope;
import dev.riskgate.scoring.DecisionListener;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.TimeUnit;

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
    /** Each thread's line buffer; it grows to the longest line the thread wrote (bodies are at most 64 KiB). */
    private static final ThreadLocal<LineBuffer> LINE = ThreadLocal.withInitial(LineBuffer::new);

    private final RotatingLog out;
    private final Retention retention;
    private final Clock clock;

    private DecisionLog(RotatingLog out, Retention retention, Clock clock) {
        this.out = out;
        this.retention = retention;
        this.clock = clock;
    }

    public static DecisionLog open(Path dataDir, Retention retention, Clock clock) {
        return new DecisionLog(RotatingLog.open(dataDir.resolve(DIR), "decisions", retention, clock), retention, clock);
    }

    @Override
    public void decided(DecisionEnvelope decided) {
        append(scoreLine(decided));
    }

    /**
     * A score line like any other, so that replay and import see the event, with the answer the gateway
     * got (marked degraded). If the gateway retries, the event's real decision follows as a second line.
     */
    @Override
    public void degraded(DecisionEnvelope answer) {
        append(scoreLine(answer));
    }

    @Override
    public void feedbackRecorded(String eventId, FeedbackOutcome outcome) {
        append(g -> {
            g.writeStringField("kind", "feedback");
            g.writeStringField("loggedAt", Iso8601.text(clock.instant()));
            g.writeStringField("eventId", eventId);
            g.writeStringField("outcome", outcome.name());
        });
    }

    /**
     * A shadow pack's verdict beside the answer that was given: {@code agree} when the verdicts are the
     * same, and the rules that fired in only one of the two packs, so a disagreement can be traced to rules.
     */
    public void shadow(Decision active, Decision shadow) {
        ShadowDiff diff = ShadowDiff.of(active, shadow);
        append(g -> {
            g.writeStringField("kind", "shadow");
            g.writeStringField("loggedAt", Iso8601.text(clock.instant()));
            g.writeStringField("eventId", active.eventId());
            g.writeStringField("activeDecision", active.decision().name());
            g.writeStringField("activeVersion", active.rulesVersion());
            g.writeFieldName("shadow");
            DecisionJson.write(shadow, null, g);
            g.writeBooleanField("agree", diff.agree());
            writeNames(g, "onlyActive", diff.onlyActive());
            writeNames(g, "onlyShadow", diff.onlyShadow());
        });
    }

    /**
     * The envelope's event (redacted if so configured) and its answer, embedded as the very characters the
     * gateway was sent. A degraded answer has no latency: no work was timed.
     */
    private Fields scoreLine(DecisionEnvelope e) {
        return g -> {
            g.writeStringField("kind", "score");
            g.writeStringField("loggedAt", Iso8601.text(clock.instant()));
            g.writeFieldName("event");
            ScoreRequestJson.write(e.event(), retention.redact(), g);
            g.writeFieldName("answer");
            g.writeRawValue(e.answer());
            g.writeStringField("rulesVersion", e.decision().rulesVersion());
            if (!e.degraded()) {
                g.writeNumberField("latencyMicros", TimeUnit.NANOSECONDS.toMicros(e.workNanos()));
            }
            if (!e.decision().staged().isEmpty()) {
                // Log-only rules that fired, beside the answer and never in it (its reasons and score are
                // what the gateway was told); the line has no "staged" when none did.
                DecisionJson.writeReasons("staged", e.decision().staged(), g);
            }
            if (!e.decision().alerts().isEmpty()) {
                // What the holder is told, beside the answer and never in it; absent when nothing was.
                g.writeFieldName("alerts");
                DecisionJson.writeAlerts(e.decision().alerts(), g);
            }
        };
    }

    private static void writeNames(JsonGenerator g, String field, java.util.List<String> names) throws IOException {
        g.writeArrayFieldStart(field);
        for (String name : names) {
            g.writeString(name);
        }
        g.writeEndArray();
    }

    private interface Fields {
        void write(JsonGenerator g) throws IOException;
    }

    /**
     * Writes one JSON object and its newline, as UTF-8, to this thread's line buffer and appends it. The
     * buffer is kept per thread (the scoring workers, a few dozen) and reused: a line is most of a
     * kilobyte, and a fresh buffer grew and was copied out again on every decision.
     */
    private void append(Fields fields) {
        LineBuffer line = LINE.get();
        line.reset();
        try (JsonGenerator g = DecisionJson.FACTORY.createGenerator(line)) {
            g.writeStartObject();
            fields.write(g);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write a decision log line", e);
        }
        line.write('\n');
        out.append(line.bytes(), line.size());
    }

    /** A ByteArrayOutputStream whose bytes are read in place. */
    private static final class LineBuffer extends ByteArrayOutputStream {
        LineBuffer() {
            super(1024);
        }

        byte[] bytes() {
            return buf;
        }
    }

    @Override
    public void close() {
        out.close();
    }
}
