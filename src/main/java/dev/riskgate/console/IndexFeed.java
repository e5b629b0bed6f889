package dev.riskgate.console;

import dev.riskgate.decision.Decision;
import dev.riskgate.decision.DecisionJson;
import dev.riskgate.decision.FeedbackOutcome;
import dev.riskgate.decisionlog.ShadowDiff;
import dev.riskgate.scoring.DecisionEnvelope;
import dev.riskgate.scoring.DecisionListener;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feeds the {@link DecisionIndex} from the envelopes the decision log is written from. On the request path
 * it only puts the envelope on a bounded queue (no JSON, no SQL); one thread drains the queue and writes
 * batches in one transaction each. When the queue is full the entry is dropped and counted, never the
 * request delayed; a restart's catch-up from the decision log ({@link LogCatchUp}) does not refill such a
 * gap, deleting the index file does. Decisions made while the catch-up runs wait on the queue.
 */
public final class IndexFeed implements DecisionListener, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(IndexFeed.class);
    private static final int BATCH = 1000;

    private final DecisionIndex index;
    private final Clock clock;
    private final BlockingQueue<Supplier<DecisionIndex.Entry>> queue;
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong applied = new AtomicLong();
    private final Thread drainer;
    private volatile boolean closing;

    /**
     * Starts the feed's thread, which first runs {@code catchUp} (reading the decision log into the index:
     * minutes for millions of lines, so never in the way of the service's start) and then drains the queue.
     */
    public IndexFeed(DecisionIndex index, Clock clock, int queueSize, Runnable catchUp) {
        this.index = index;
        this.clock = clock;
        this.queue = new ArrayBlockingQueue<>(queueSize);
        this.drainer = new Thread(() -> {
            try {
                catchUp.run();
            } catch (RuntimeException e) {
                LOG.warn("console index: catching up from the decision log failed", e);
            }
            drain();
        }, "riskgate-console-index");
        drainer.setDaemon(true);
        drainer.start();
    }

    @Override
    public void decided(DecisionEnvelope decision) {
        java.time.Instant at = clock.instant();
        offer(() -> new DecisionIndex.Decided(IndexedDecision.of(decision, at)));
    }

    @Override
    public void degraded(DecisionEnvelope answer) {
        decided(answer);
    }

    @Override
    public void feedbackRecorded(String eventId, FeedbackOutcome outcome) {
        java.time.Instant at = clock.instant();
        offer(() -> new DecisionIndex.Labelled(eventId, outcome.name(), null, null, at));
    }

    /** The shadow pack's answer beside the active one (the same pair the decision log writes). */
    public void shadow(Decision active, Decision shadow) {
        java.time.Instant at = clock.instant();
        offer(() -> {
            ShadowDiff diff = ShadowDiff.of(active, shadow);
            return new DecisionIndex.ShadowAnswer(active.eventId(), shadow.decision().name(), shadow.score(),
                    shadow.rulesVersion(), diff.agree(), diff.onlyActive(), diff.onlyShadow(), DecisionJson.of(shadow), at);
        });
    }

    private void offer(Supplier<DecisionIndex.Entry> entry) {
        if (!queue.offer(entry)) {
            long n = dropped.incrementAndGet();
            if (Long.bitCount(n) == 1) {
                LOG.warn("console index fell behind: {} entries dropped so far (delete {} to rebuild it)", n, index.file());
            }
        }
    }

    /** Entries dropped because the index fell behind. */
    public long dropped() {
        return dropped.get();
    }

    /** Entries written to the index. */
    public long applied() {
        return applied.get();
    }

    private void drain() {
        List<Supplier<DecisionIndex.Entry>> taken = new ArrayList<>(BATCH);
        while (!closing || !queue.isEmpty()) {
            try {
                Supplier<DecisionIndex.Entry> first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                taken.add(first);
                queue.drainTo(taken, BATCH - 1);
                List<DecisionIndex.Entry> batch = new ArrayList<>(taken.size());
                for (Supplier<DecisionIndex.Entry> s : taken) {
                    batch.add(s.get());
                }
                index.apply(batch);
                applied.addAndGet(batch.size());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.warn("console index: a batch of {} entries was not written", taken.size(), e);
            } finally {
                taken.clear();
            }
        }
    }

    @Override
    public void close() {
        closing = true;
        try {
            drainer.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
