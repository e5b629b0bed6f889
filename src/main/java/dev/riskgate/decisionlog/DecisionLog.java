package dev.riskgate.decisionlog;

import dev.riskgate.decision.Decision;
import dev.riskgate.decision.DecisionJson;
import dev.riskgate.decision.DegradedReason;
import dev.riskgate.decision.FeedbackOutcome;
import dev.riskgate.event.Field;
import dev.riskgate.event.ScoreRequest;
import dev.riskgate.event.ScoreRequestJson;
import dev.riskgate.scoring.DecisionListener;
import dev.riskgate.scoring.Scored;
import io.vertx.core.json.JsonObject;
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
    public void decided(ScoreRequest request, Scored scored) {
        long latencyMicros = TimeUnit.NANOSECONDS.toMicros(scored.readNanos() + scored.evalNanos() + scored.writeNanos());
        JsonObject line = new JsonObject()
                .put("kind", "score")
                .put("loggedAt", clock.instant().toString())
                .put("event", event(request))
                .put("answer", DecisionJson.of(scored.decision()))
                .put("rulesVersion", scored.decision().rulesVersion())
                .put("latencyMicros", latencyMicros);
        if (!scored.decision().staged().isEmpty()) {
            line.put("staged", staged(scored.decision()));
        }
        append(line);
    }

    /**
     * Log-only rules that fired, beside the answer and never in it (its reasons and score are what the
     * gateway was told); the line has no {@code staged} when none did.
     */
    private static io.vertx.core.json.JsonArray staged(Decision d) {
        io.vertx.core.json.JsonArray staged = new io.vertx.core.json.JsonArray();
        d.staged().forEach(r -> staged.add(new JsonObject().put("rule", r.rule()).put("points", r.points())
                .put("message", r.message())));
        return staged;
    }

    /**
     * A score line like any other, so that replay and import see the event, with the answer the gateway
     * got (marked degraded). If the gateway retries, the event's real decision follows as a second line.
     */
    @Override
    public void degraded(ScoreRequest request, Decision answer, DegradedReason reason) {
        append(new JsonObject()
                .put("kind", "score")
                .put("loggedAt", clock.instant().toString())
                .put("event", event(request))
                .put("answer", DecisionJson.degraded(answer, reason))
                .put("rulesVersion", answer.rulesVersion()));
    }

    @Override
    public void feedbackRecorded(String eventId, FeedbackOutcome outcome) {
        append(new JsonObject().put("kind", "feedback").put("loggedAt", clock.instant().toString())
                .put("eventId", eventId).put("outcome", outcome.name()));
    }

    /**
     * A shadow pack's verdict beside the answer that was given: {@code agree} when the verdicts are the
     * same, and the rules that fired in only one of the two packs, so a disagreement can be traced to rules.
     */
    public void shadow(Decision active, Decision shadow) {
        ShadowDiff diff = ShadowDiff.of(active, shadow);
        append(new JsonObject().put("kind", "shadow").put("loggedAt", clock.instant().toString())
                .put("eventId", active.eventId())
                .put("activeDecision", active.decision().name()).put("activeVersion", active.rulesVersion())
                .put("shadow", DecisionJson.of(shadow))
                .put("agree", diff.agree())
                .put("onlyActive", new io.vertx.core.json.JsonArray(diff.onlyActive()))
                .put("onlyShadow", new io.vertx.core.json.JsonArray(diff.onlyShadow())));
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

    void append(JsonObject line) {
        out.append(line.encode());
    }

    @Override
    public void close() {
        out.close();
    }
}
