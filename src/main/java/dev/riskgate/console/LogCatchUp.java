package dev.riskgate.console;

import dev.riskgate.decision.Reason;
import dev.riskgate.event.ScoreRequestParser;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the decision log's files into the index: at start, everything into an empty (or deleted) index,
 * otherwise the lines logged since the index's last entry, less a minute's slack; and the lines since a
 * gap the feed's full queue left ({@link IndexFeed}). Lines already indexed are recognised by their
 * eventId and skipped, so reading a line twice changes nothing. What the rules saw is not in the log, so a
 * decision read back this way shows no history.
 */
public final class LogCatchUp {

    private static final Logger LOG = LoggerFactory.getLogger(LogCatchUp.class);
    /** Clocks of the log's writer and the feed differ by a little: read from this much earlier. */
    static final Duration SLACK = Duration.ofMinutes(1);
    private static final String LOGGED_AT = "\"loggedAt\":\"";
    /** Lines written in one transaction: a few ms of SQLite, which a score arriving meanwhile shares the core with. */
    private static final int BATCH = 1000;
    /** Lines parsed between two calls of the caller's pause. */
    private static final int STEP = 32;

    private LogCatchUp() {
    }

    /**
     * The start-up read: the lines since the index's last entry, calling {@code pause} between steps (where
     * the feed paces itself, {@link IndexPace}). Returns the number of lines applied.
     */
    static long run(DecisionIndex index, Path logDir, Runnable pause) {
        return since(index, logDir, index.indexedUpTo().minus(SLACK), pause);
    }

    /** Applies the lines logged at or after {@code from}; returns how many. {@code pause} runs between steps. */
    static long since(DecisionIndex index, Path logDir, Instant from, Runnable pause) {
        long start = System.nanoTime();
        long applied = 0;
        if (!Files.isDirectory(logDir)) {
            return 0;
        }
        // Events of any age are read back as they were logged: the live window does not apply.
        ScoreRequestParser parser = new ScoreRequestParser(Clock.offset(Clock.systemUTC(), Duration.ofDays(36500)));
        List<Path> files;
        try (Stream<Path> s = Files.list(logDir)) {
            files = s.filter(p -> p.getFileName().toString().matches("decisions-\\d+\\.jsonl")).sorted().toList();
        } catch (IOException e) {
            throw new IllegalStateException("cannot list " + logDir + ": " + e, e);
        }
        List<DecisionIndex.Entry> batch = new ArrayList<>(BATCH);
        for (Path f : files) {
            try {
                if (Files.getLastModifiedTime(f).toInstant().isBefore(from)) {
                    continue;
                }
                try (BufferedReader in = Files.newBufferedReader(f)) {
                    for (String line = in.readLine(); line != null; line = in.readLine()) {
                        DecisionIndex.Entry e = entry(line, parser, from);
                        if (e != null) {
                            batch.add(e);
                            if (batch.size() % STEP == 0) {
                                pause.run();
                            }
                            if (batch.size() == BATCH) {
                                pause.run();
                                index.apply(batch);
                                applied += batch.size();
                                batch.clear();
                            }
                        }
                    }
                }
            } catch (IOException e) {
                LOG.warn("console index: cannot read {}: {}", f, e.toString());
            }
        }
        pause.run();
        index.apply(batch);
        applied += batch.size();
        if (applied > 0) {
            LOG.info("console index: {} decision log lines indexed from {} in {} ms", applied, logDir,
                    Duration.ofNanos(System.nanoTime() - start).toMillis());
        }
        return applied;
    }

    private static DecisionIndex.Entry entry(String line, ScoreRequestParser parser, Instant from) {
        Instant logged = loggedAt(line);
        if (logged != null && logged.isBefore(from)) {
            return null; // a gap fill reads a file from its start: skip what is older without parsing it
        }
        JsonObject j;
        try {
            j = new JsonObject(line);
        } catch (RuntimeException e) {
            return null; // a torn last line after a crash
        }
        Instant at = Instant.parse(j.getString("loggedAt", "1970-01-01T00:00:00Z"));
        if (at.isBefore(from)) {
            return null;
        }
        try {
            return switch (j.getString("kind", "")) {
                case "score" -> new DecisionIndex.Decided(decided(j, parser, at));
                case "feedback" -> new DecisionIndex.Labelled(j.getString("eventId"), j.getString("outcome"), null, null, at);
                case "shadow" -> shadow(j, at);
                default -> null;
            };
        } catch (RuntimeException e) {
            LOG.debug("console index: skipped a log line: {}", e.toString());
            return null;
        }
    }

    /** The line's loggedAt, read from its head (where the log writes it), or null to parse the whole line. */
    private static Instant loggedAt(String line) {
        int i = line.indexOf(LOGGED_AT);
        if (i < 0 || i > 64) {
            return null;
        }
        int start = i + LOGGED_AT.length();
        int end = line.indexOf('"', start);
        try {
            return end < 0 ? null : Instant.parse(line.subSequence(start, end));
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static IndexedDecision decided(JsonObject j, ScoreRequestParser parser, Instant at) {
        var event = parser.parse(j.getJsonObject("event"));
        JsonObject answer = j.getJsonObject("answer");
        return new IndexedDecision(event.eventId(), event.occurredAt().toInstant(), at, event.type().name(),
                answer.getString("decision"), answer.getInteger("score"), answer.getBoolean("degraded", false),
                event.accountId(), event.deviceId(), event.storeId(), answer.getString("rulesVersion"),
                IndexedDecision.masked(event), answer.encode(), reasons(answer.getJsonArray("reasons")),
                reasons(j.getJsonArray("staged")), null,
                j.getJsonArray("alerts") == null ? null : j.getJsonArray("alerts").encode());
    }

    private static DecisionIndex.ShadowAnswer shadow(JsonObject j, Instant at) {
        JsonObject s = j.getJsonObject("shadow");
        return new DecisionIndex.ShadowAnswer(j.getString("eventId"), s.getString("decision"), s.getInteger("score"),
                s.getString("rulesVersion"), j.getBoolean("agree"), strings(j.getJsonArray("onlyActive")),
                strings(j.getJsonArray("onlyShadow")), s.encode(), at);
    }

    private static List<Reason> reasons(JsonArray a) {
        List<Reason> out = new ArrayList<>();
        if (a != null) {
            for (int i = 0; i < a.size(); i++) {
                JsonObject r = a.getJsonObject(i);
                out.add(new Reason(r.getString("rule"), r.getInteger("points"), r.getString("message")));
            }
        }
        return out;
    }

    private static List<String> strings(JsonArray a) {
        List<String> out = new ArrayList<>();
        if (a != null) {
            a.forEach(o -> out.add(String.valueOf(o)));
        }
        return out;
    }
}
