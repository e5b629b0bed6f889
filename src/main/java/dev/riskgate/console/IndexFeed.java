package dev.riskgate.console;

import dev.riskgate.decision.Decision;
import dev.riskgate.decision.DecisionJson;
import dev.riskgate.decision.FeedbackOutcome;
import dev.riskgate.decisionlog.ShadowDiff;
import dev.riskgate.scoring.DecisionEnvelope;
import dev.riskgate.scoring.DecisionListener;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feeds the {@link DecisionIndex} from the envelopes the decision log is written from. On the request path
 * it only puts the envelope on a bounded queue (no JSON, no SQL); one thread drains the queue and writes
 * batches in one transaction each.
 *
 * <p>The thread works in small steps, paced ({@link IndexPace}): on a single core, while scoring is saturated,
 * it takes at most a twentieth of the time, and works freely otherwise. Under saturation it therefore
 * falls behind, the queue fills, and what does not fit is read back from the log once the load drops; the
 * console says it is behind meanwhile. (The lowest OS priority was tried first: a thread at nice 19 that
 * runs Java code keeps every safepoint waiting until the scheduler gets to it, up to 87 ms measured,
 * which stalled answers past their deadline. Working only while no score was in progress still took a
 * quarter of the throughput: between two scores there is nearly always a moment with none.)
 *
 * <p>Nothing logged is missed. The decision log is written before this feed is told (the listeners run
 * in that order), so when the queue is full the entry is not dropped: the feed notes the time of the
 * oldest entry that did not fit, and its thread, before it applies anything taken later, reads the log
 * from that time back into the index ({@link LogCatchUp}: lines already indexed are skipped). A gap is
 * filled before the index's high-water mark moves past it, so a crash meanwhile leaves it to the start-up
 * catch-up. What the rules saw (the history on the decision page) is not in the log, so a decision read
 * back that way shows none.
 */
public final class IndexFeed implements DecisionListener, MeterBinder, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(IndexFeed.class);
    /**
     * Entries written in one transaction at most. Entries are built {@link #STEP} at a time and the batch is
     * written whole, each step followed by the pace's rest: a score that arrives meanwhile shares the core
     * with at most one step (about 1 ms of JSON) or one write (a few ms of SQLite at this size).
     */
    private static final int BATCH = 250;
    private static final int STEP = 32;
    /** The longest rest after one step, so that a long write does not leave the index idle for seconds. */
    private static final long MAX_REST_NANOS = TimeUnit.MILLISECONDS.toNanos(200);
    /**
     * How long the thread lets entries gather before it writes them. A commit writes every page its
     * transaction touched (the row, its indexes, the fired rules, the counters) to the WAL once: without the
     * wait the thread kept up at a few thousand decisions a second with batches of a handful, paying that
     * for each. The console's pages are late by this much at most.
     */
    private static final long LINGER_MS = 100;
    private static final long NONE = Long.MAX_VALUE;

    /** An entry waiting for the index's thread, built there, and when it was logged (for the lag). */
    private record Pending(long at, Supplier<DecisionIndex.Entry> entry) {
    }

    private final DecisionIndex index;
    private final Path logDir;
    private final Clock clock;
    /**
     * Entries waiting for the thread, at most {@link #capacity} ({@link #waiting} counts them). Lock-free: the
     * thread yields the core to scoring and may be descheduled at any point, so it must never hold a lock a
     * scoring thread takes (a {@code BlockingQueue}'s lock held by it stalled answers past their deadline).
     */
    private final Queue<Pending> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger waiting = new AtomicInteger();
    private final int capacity;
    private final IndexPace pace;
    /** When the thread's current step began (its thread only). */
    private long stepFrom;
    /** The oldest time of an entry that found the queue full and is yet to be read back from the log. */
    private final AtomicLong gapFrom = new AtomicLong(NONE);
    private final AtomicLong overflowed = new AtomicLong();
    private final AtomicLong fills = new AtomicLong();
    private final AtomicLong refilled = new AtomicLong();
    private final AtomicLong applied = new AtomicLong();
    private final Thread drainer;
    /** The oldest time the thread is working on (a batch in hand, a fill, the start-up catch-up). */
    private volatile long inHand = NONE;
    private volatile boolean catchingUp = true;
    private volatile boolean closing;

    /**
     * Starts the feed's thread, which first reads what the decision log in {@code logDir} holds beyond the
     * index (minutes for millions of lines, so never in the way of the service's start) and then drains
     * the queue. {@code queueSize} entries may wait; more are read back from the log instead. The thread
     * works at {@code pace}.
     */
    public IndexFeed(DecisionIndex index, Path logDir, Clock clock, int queueSize, IndexPace pace) {
        if (queueSize < 1) {
            throw new IllegalArgumentException("the index queue must hold at least 1 entry, was " + queueSize);
        }
        this.index = index;
        this.logDir = logDir;
        this.clock = clock;
        this.capacity = queueSize;
        this.pace = pace;
        this.drainer = new Thread(this::run, "riskgate-console-index");
        drainer.setDaemon(true);
        drainer.start();
    }

    @Override
    public void decided(DecisionEnvelope decision) {
        Instant at = clock.instant();
        offer(at, () -> new DecisionIndex.Decided(IndexedDecision.of(decision, at)));
    }

    @Override
    public void degraded(DecisionEnvelope answer) {
        decided(answer);
    }

    @Override
    public void feedbackRecorded(String eventId, FeedbackOutcome outcome) {
        Instant at = clock.instant();
        offer(at, () -> new DecisionIndex.Labelled(eventId, outcome.name(), null, null, at));
    }

    /** The shadow pack's answer beside the active one (the same pair the decision log writes). */
    public void shadow(Decision active, Decision shadow) {
        Instant at = clock.instant();
        offer(at, () -> {
            ShadowDiff diff = ShadowDiff.of(active, shadow);
            return new DecisionIndex.ShadowAnswer(active.eventId(), shadow.decision().name(), shadow.score(),
                    shadow.rulesVersion(), diff.agree(), diff.onlyActive(), diff.onlyShadow(), DecisionJson.of(shadow), at);
        });
    }

    private void offer(Instant at, Supplier<DecisionIndex.Entry> entry) {
        long millis = at.toEpochMilli();
        if (waiting.incrementAndGet() <= capacity) {
            queue.add(new Pending(millis, entry));
        } else {
            waiting.decrementAndGet();
            // Noted before this returns, so that the thread, once it takes anything offered after this
            // entry, sees the gap too and fills it first.
            gapFrom.accumulateAndGet(millis, Math::min);
            overflowed.incrementAndGet();
        }
    }

    /** How far behind the decision log the index is, as the console shows it. */
    public IndexStatus status() {
        long oldest = Math.min(inHand, gapFrom.get());
        Pending head = queue.peek();
        if (head != null) {
            oldest = Math.min(oldest, head.at());
        }
        Duration lag = oldest == NONE ? Duration.ZERO : Duration.ofMillis(Math.max(0, clock.millis() - oldest));
        return new IndexStatus(waiting.get(), lag, catchingUp);
    }

    /** Entries that found the queue full and were read back from the decision log instead. */
    public long overflowed() {
        return overflowed.get();
    }

    /** Decision log lines written to the index by gap fills. */
    public long refilled() {
        return refilled.get();
    }

    /** Entries written to the index from the queue. */
    public long applied() {
        return applied.get();
    }

    /** The CPU time the index's thread has used so far (its whole cost: JSON, SQL, gap fills). */
    public Duration cpuTime() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long nanos = threads.isThreadCpuTimeSupported() ? threads.getThreadCpuTime(drainer.getId()) : -1;
        return Duration.ofNanos(Math.max(0, nanos));
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("riskgate.console.index.waiting", waiting, AtomicInteger::get)
                .description("Decisions, labels and shadow answers waiting to be written to the console's index")
                .register(registry);
        Gauge.builder("riskgate.console.index.lag", this, f -> f.status().lag().toMillis() / 1000.0).baseUnit("seconds")
                .description("Age of the oldest logged entry not yet in the console's index (0 when it is caught up)")
                .register(registry);
        FunctionCounter.builder("riskgate.console.index.overflowed", overflowed, AtomicLong::get)
                .description("Entries that found the index queue full, read back from the decision log instead")
                .register(registry);
        FunctionCounter.builder("riskgate.console.index.gap.fills", fills, AtomicLong::get)
                .description("Times the console's index read the decision log to fill a gap the full queue left")
                .register(registry);
        FunctionCounter.builder("riskgate.console.index.refilled", refilled, AtomicLong::get)
                .description("Decision log lines written to the console's index by gap fills").register(registry);
        FunctionCounter.builder("riskgate.console.index.applied", applied, AtomicLong::get)
                .description("Entries written to the console's index from its queue").register(registry);
        FunctionCounter.builder("riskgate.console.index.cpu", this, f -> f.cpuTime().toNanos() / 1e9).baseUnit("seconds")
                .description("CPU time of the console index's thread").register(registry);
    }

    private void run() {
        Instant upTo = index.indexedUpTo();
        inHand = upTo.equals(Instant.EPOCH) ? clock.millis() : upTo.toEpochMilli();
        try {
            stepFrom = System.nanoTime();
            LogCatchUp.run(index, logDir, this::rest);
        } catch (RuntimeException e) {
            gapFrom.accumulateAndGet(upTo.toEpochMilli(), Math::min); // tried again as a gap
            LOG.warn("console index: catching up from the decision log failed; trying again", e);
        }
        inHand = NONE;
        catchingUp = false;
        drain();
    }

    private void drain() {
        List<Pending> taken = new ArrayList<>(BATCH);
        while (!closing || !queue.isEmpty() || gapFrom.get() != NONE) {
            try {
                Pending first = take();
                if (first == null && !closing) {
                    Thread.sleep(LINGER_MS);
                    first = take();
                }
                if (first != null) {
                    inHand = first.at();
                    taken.add(first);
                    if (!closing && waiting.get() < BATCH - 1) {
                        Thread.sleep(LINGER_MS);
                    }
                    for (Pending p = take(); p != null; p = taken.size() < BATCH ? take() : null) {
                        taken.add(p);
                    }
                }
                // After taking: anything taken was offered after a gap noted before it, so fill that first.
                long from = gapFrom.getAndSet(NONE);
                if (from != NONE) {
                    fill(from);
                }
                List<DecisionIndex.Entry> batch = new ArrayList<>(taken.size());
                stepFrom = System.nanoTime();
                for (Pending p : taken) {
                    batch.add(p.entry().get());
                    if (batch.size() % STEP == 0) {
                        rest();
                    }
                }
                index.apply(batch);
                rest();
                applied.addAndGet(batch.size());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                // The log has them: the next turn reads them back, after a pause so a broken disk is not spun on.
                if (!taken.isEmpty()) {
                    gapFrom.accumulateAndGet(taken.get(0).at(), Math::min);
                }
                LOG.warn("console index: a batch of {} entries was not written; reading it back from the decision log",
                        taken.size(), e);
                LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(1));
            } finally {
                taken.clear();
                inHand = NONE;
            }
        }
    }

    /** Between two steps: rests as long as the pace asks for the step just taken, then starts the next. */
    private void rest() {
        long rest = closing ? 0 : pace.restNanos(System.nanoTime() - stepFrom);
        if (rest > 0) {
            LockSupport.parkNanos(Math.min(rest, MAX_REST_NANOS));
        }
        stepFrom = System.nanoTime();
    }

    private Pending take() {
        Pending p = queue.poll();
        if (p != null) {
            waiting.decrementAndGet();
        }
        return p;
    }

    private void fill(long from) {
        inHand = Math.min(inHand, from);
        long start = System.nanoTime();
        try {
            stepFrom = System.nanoTime();
            long n = LogCatchUp.since(index, logDir, Instant.ofEpochMilli(from).minus(LogCatchUp.SLACK), this::rest);
            refilled.addAndGet(n);
            fills.incrementAndGet();
            LOG.info("console index fell behind: {} entries overflowed its queue so far; {} decision log lines since {} "
                    + "read back in {} ms", overflowed.get(), n, Instant.ofEpochMilli(from),
                    Duration.ofNanos(System.nanoTime() - start).toMillis());
        } catch (RuntimeException e) {
            gapFrom.accumulateAndGet(from, Math::min);
            throw e;
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
