package dev.riskgate.simulate;

import dev.riskgate.event.ScoreRequestJson;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.function.Consumer;

/**
 * Writes a simulated stream as replay reads it: JSON Lines of {@code {"kind":"score","event":{...}}},
 * the event in the wire form of {@code POST /v1/score}, and beside it a labels CSV
 * ({@code eventId,label,campaign,segment}: {@code fraud} with the campaign kind, or {@code legit}; the
 * account owner's {@link Segment}, empty for most). Readers of the first three columns are unaffected.
 */
public final class EventStreamWriter implements Consumer<SimEvent> {

    public static final String LABELS_HEADER = "eventId,label,campaign,segment";

    private final Writer events;
    private final Writer labels;
    private final long seed;
    private final SimulationSummary summary = new SimulationSummary();
    private long sequence;

    /**
     * @param labels where the labels go, or null for none
     * @param seed   goes into every event id, so streams of different seeds can be replayed into one store
     */
    public EventStreamWriter(Writer events, Writer labels, long seed) {
        this.events = events;
        this.labels = labels;
        this.seed = seed;
        if (labels != null) {
            write(labels, LABELS_HEADER + "\n");
        }
    }

    @Override
    public void accept(SimEvent e) {
        String id = nextId();
        JsonObject line = new JsonObject().put("kind", "score").put("event", ScoreRequestJson.encode(e.toRequest(id)));
        write(events, line.encode() + "\n");
        if (labels != null) {
            write(labels, id + (e.fraud() ? ",fraud," + e.campaign().label() : ",legit,") + "," + e.segment().label() + "\n");
        }
        summary.count(e);
    }

    private String nextId() {
        return eventId(seed, ++sequence);
    }

    /** The id of a stream's n-th event (from 1): the seed and a zero-padded number, so ids sort in stream order. */
    public static String eventId(long seed, long n) {
        String number = Long.toString(n);
        return "sim" + seed + "-" + "000000000".substring(Math.min(9, number.length())) + number;
    }

    public SimulationSummary summary() {
        return summary;
    }

    private static void write(Writer out, String text) {
        try {
            out.write(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
