package dev.riskgate.http;

import dev.riskgate.scoring.FeedbackOutcome;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who said what about which event: every authenticated feedback call, answered or refused, as one JSON line
 * in {@code DATA_DIR/feedback-audit.jsonl} (owner read/write only): the time, the key's id, the eventId and
 * outcome as parsed (null when the body was refused before that), the HTTP status and the result
 * ({@code changed}, {@code unchanged} or the error code). Feedback moves money (a passed step-up trusts a
 * device), so a dispute needs to know which credential sent it.
 */
public final class FeedbackAudit implements AutoCloseable {

    public static final String FILE = "feedback-audit.jsonl";
    private static final String EVENT_ID = "riskgate.audit.eventId";
    private static final String OUTCOME = "riskgate.audit.outcome";
    private static final String CHANGED = "riskgate.audit.changed";
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    private static final Logger LOG = LoggerFactory.getLogger(FeedbackAudit.class);

    private final FileChannel out;
    private final Clock clock;

    private FeedbackAudit(FileChannel out, Clock clock) {
        this.out = out;
        this.clock = clock;
    }

    public static FeedbackAudit open(Path dataDir, Clock clock) {
        Path file = dataDir.resolve(FILE);
        try {
            Files.createDirectories(dataDir);
            boolean posix = file.getFileSystem().supportedFileAttributeViews().contains("posix");
            Set<StandardOpenOption> append = Set.of(StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
            FileChannel out = posix
                    ? FileChannel.open(file, append, PosixFilePermissions.asFileAttribute(OWNER_ONLY))
                    : FileChannel.open(file, append);
            if (posix) {
                // A file copied in, or restored from a backup, may be wider open than it is created.
                Files.setPosixFilePermissions(file, OWNER_ONLY);
            }
            return new FeedbackAudit(out, clock);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the feedback audit log " + file.toAbsolutePath(), e);
        }
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
        JsonObject line = new JsonObject()
                .put("at", clock.instant().toString())
                .put("keyId", BearerAuth.keyId(ctx))
                .put("eventId", ctx.<String>get(EVENT_ID))
                .put("outcome", ctx.<String>get(OUTCOME))
                .put("status", status)
                .put("result", result);
        ByteBuffer bytes = ByteBuffer.wrap((line.encode() + "\n").getBytes(StandardCharsets.UTF_8));
        try {
            synchronized (out) {
                while (bytes.hasRemaining()) {
                    out.write(bytes);
                }
            }
        } catch (IOException e) {
            // The answer has gone out already; losing an audit line must be loud, not a failed request.
            LOG.error("cannot append to the feedback audit log", e);
        }
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
