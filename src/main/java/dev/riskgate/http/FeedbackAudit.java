package dev.riskgate.http;

import dev.riskgate.decision.FeedbackOutcome;
import dev.riskgate.decisionlog.Retention;
import dev.riskgate.decisionlog.RotatingLog;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who said what about which event: every authenticated feedback call, answered or refused, as one JSON line
 * in {@code DATA_DIR/audit/feedback-NNNNNN.jsonl} (owner read/write only): the time, the key's id, the
 * eventId and outcome as parsed (null when the body was refused before that), the HTTP status and the
 * result ({@code changed}, {@code unchanged} or the error code). Feedback moves money (a passed step-up
 * trusts a device), so a dispute needs to know which credential sent it.
 *
 * <p>Files rotate and are pruned like the decision log, by its size settings, but their age limit is at
 * least {@link #MIN_AGE}: a dispute or chargeback can come long after the week a decision log is kept.
 * The total-size cap ({@code RISKGATE_LOG_MAX_TOTAL_BYTES}) still applies and can delete younger files.
 */
public final class FeedbackAudit implements AutoCloseable {

    public static final String DIR = "audit";
    public static final String PREFIX = "feedback";
    /** Card networks allow chargebacks up to 540 days after the transaction; the audit outlasts them. */
    public static final Duration MIN_AGE = Duration.ofDays(540);
    private static final String EVENT_ID = "riskgate.audit.eventId";
    private static final String OUTCOME = "riskgate.audit.outcome";
    private static final String CHANGED = "riskgate.audit.changed";
    private static final Logger LOG = LoggerFactory.getLogger(FeedbackAudit.class);

    private final RotatingLog out;
    private final Clock clock;

    private FeedbackAudit(RotatingLog out, Clock clock) {
        this.out = out;
        this.clock = clock;
    }

    /** {@code retention} is the decision log's; its age limit is raised to {@link #MIN_AGE}. */
    public static FeedbackAudit open(Path dataDir, Retention retention, Clock clock) {
        return new FeedbackAudit(RotatingLog.open(dataDir.resolve(DIR), PREFIX, retention.keptAtLeast(MIN_AGE), clock), clock);
    }

    /** Audits POST /v1/feedback; mounted after {@link BearerAuth}, so only calls with a valid key are written. */
    public void mount(Router router) {
        router.post("/v1/feedback").order(BearerAuth.ORDER + 10).handler(ctx -> {
            ctx.addEndHandler(ended -> write(ctx, ended.succeeded()));
            ctx.next();
        });
    }

    /** What the feedback handler parsed, once it has. */
    static void heard(RoutingContext ctx, String eventId, FeedbackOutcome outcome) {
        ctx.put(EVENT_ID, eventId);
        ctx.put(OUTCOME, outcome.name());
    }

    /** Whether the recorded feedback changed anything. */
    static void answered(RoutingContext ctx, boolean changed) {
        ctx.put(CHANGED, changed);
    }

    private void write(RoutingContext ctx, boolean answered) {
        int status = ctx.response().getStatusCode();
        Boolean changed = ctx.get(CHANGED);
        String result = !answered ? "not_answered"
                : status == 200 && changed != null ? (changed ? "changed" : "unchanged")
                : ctx.get(ErrorAnswer.CODE, "status_" + status);
        record(BearerAuth.keyId(ctx), ctx.get(EVENT_ID), ctx.get(OUTCOME), status, result, null);
    }

    /**
     * One audit line; the console's labels come through here too, with the analyst's key id and the
     * reason code they gave ({@code reason} is null for /v1/feedback).
     */
    public void record(String keyId, String eventId, String outcome, int status, String result, String reason) {
        JsonObject line = new JsonObject()
                .put("at", clock.instant().toString())
                .put("keyId", keyId)
                .put("eventId", eventId)
                .put("outcome", outcome)
                .put("status", status)
                .put("result", result);
        if (reason != null) {
            line.put("reason", reason).put("via", "console");
        }
        try {
            out.append(line.encode());
        } catch (UncheckedIOException e) {
            // The answer has gone out already; losing an audit line must be loud, not a failed request.
            LOG.error("cannot append to the feedback audit log", e);
        }
    }

    @Override
    public void close() {
        out.close();
    }
}
