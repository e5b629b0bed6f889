package dev.riskgate.scoring;

import dev.riskgate.decision.Decision;
import dev.riskgate.event.BadRequest;
import dev.riskgate.event.ScoreRequest;
import dev.riskgate.rules.RulePack;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Evaluates a candidate pack on live traffic beside the active one: same request, same history
 * snapshot, no state written, answer never returned. It runs on its own thread behind a bounded queue,
 * so the only cost on the request path is one enqueue; when the queue is full the comparison is
 * dropped (and counted), never the request delayed.
 */
public final class ShadowScorer implements DecisionListener, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ShadowScorer.class);

    private final Supplier<RulePack> shadowPack;
    private final BiConsumer<Decision, Decision> compared;
    private final ThreadPoolExecutor executor;
    private final AtomicLong dropped = new AtomicLong();

    public ShadowScorer(Supplier<RulePack> shadowPack, BiConsumer<Decision, Decision> compared, int queueSize) {
        this.shadowPack = shadowPack;
        this.compared = compared;
        this.executor = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(queueSize), r -> {
            Thread t = new Thread(r, "riskgate-shadow");
            t.setDaemon(true);
            return t;
        }, (task, pool) -> dropped.incrementAndGet());
    }

    @Override
    public void decided(DecisionEnvelope decided) {
        executor.execute(() -> {
            ScoreRequest request = decided.event();
            try {
                RulePack pack = shadowPack.get();
                ScoreRequest priced = pack.currencies().inBase(request);
                Decision shadow = Scorer.evaluate(pack, priced, decided.scored().snapshot(), pack.resaleCatalog().classify(priced.items()).resale());
                compared.accept(decided.decision(), shadow);
            } catch (BadRequest e) {
                // The candidate does not take this currency (the live pack does): nothing to compare.
                LOG.debug("shadow pack skipped {}: {}", request.eventId(), e.getMessage());
            } catch (RuntimeException e) {
                LOG.warn("shadow pack failed on {}", request.eventId(), e);
            }
        });
    }

    /** Comparisons skipped because the shadow fell behind. */
    public long dropped() {
        return dropped.get();
    }

    @Override
    public void close() {
        executor.shutdown();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
