package dev.riskgate.scoring;

import dev.riskgate.event.ScoreRequest;
import dev.riskgate.event.ScoreRequestParser;
import dev.riskgate.event.StrictJson;
import dev.riskgate.rules.RulePack;
import dev.riskgate.state.StateStore;
import dev.riskgate.state.StateUnavailable;
import dev.riskgate.state.memory.MemoryStateStore;
import io.vertx.core.buffer.Buffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a fresh instance does before it says it is healthy: the active pack decides a synthetic set of
 * events through the whole pipeline (body parsing, history, rules, the answer's JSON) on an in-memory
 * store, so the first real requests do not pay for class loading and a cold JIT; then the real store
 * {@link StateStore#prepare prepares} (Redis: connections open, scripts loaded) and takes a few synthetic
 * decisions of its own, so that its write path is warm too (a cold instance on Redis failed its first
 * commit's 50 ms budget). Until both are done, /health answers 503 {@code WARMING} and a load balancer
 * keeps traffic away. A store that cannot be reached is asked again every second: the instance stays
 * WARMING rather than say UP and answer the fail decision.
 *
 * <p>What the real store keeps of it: {@link #STORE_EVENTS} decisions a start, on eight reserved accounts,
 * their devices and three reserved stores ({@code riskgate-warmup-*}, ids a gateway could send but would
 * have no reason to), which expire like any history. No decision log line and no decision metric (no
 * listener hears them); the state store's own operation timings do count their reads and writes.
 */
public final class Warmup implements AutoCloseable {

    /** Enough for every rule family to match and for the hot methods to be compiled at least once. */
    public static final int EVENTS = 400;
    /** Decisions on the real store a start. */
    public static final int STORE_EVENTS = 20;
    private static final int ACCOUNTS = 8;
    private static final Duration RETRY = Duration.ofSeconds(1);
    private static final Logger LOG = LoggerFactory.getLogger(Warmup.class);

    private final Supplier<RulePack> pack;
    private final StateStore store;
    private final Clock clock;
    private final CountDownLatch done = new CountDownLatch(1);
    private final Thread thread;
    private volatile boolean closed;

    public Warmup(Supplier<RulePack> pack, StateStore store, Clock clock) {
        this.pack = pack;
        this.store = store;
        this.clock = clock;
        this.thread = new Thread(this::run, "riskgate-warmup");
        this.thread.setDaemon(true);
    }

    /** Starts warming in the background. */
    public void start() {
        thread.start();
    }

    /** Whether the pack has decided the synthetic events and the store has answered. */
    public boolean done() {
        return done.getCount() == 0;
    }

    /** Waits at most {@code timeout} for {@link #done()}; returns it. */
    public boolean await(Duration timeout) throws InterruptedException {
        return done.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void run() {
        long start = System.nanoTime();
        try {
            decideSyntheticEvents();
            long decided = System.nanoTime();
            while (!closed && !storeAnswers()) {
                Thread.sleep(RETRY.toMillis());
            }
            if (!closed) {
                done.countDown();
                LOG.info("warm: {} synthetic decisions in {} ms; state store ready, {} decisions on it, in {} ms", EVENTS,
                        TimeUnit.NANOSECONDS.toMillis(decided - start), STORE_EVENTS,
                        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - decided));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Best effort: an event the pack or the parser refuses is counted and logged, not retried. Warming
     * makes the first answers fast; a pack that fails on every event fails live requests the same way
     * whether or not the instance waited, so a failure here does not keep it out of service.
     */
    private void decideSyntheticEvents() {
        MemoryStateStore memory = new MemoryStateStore();
        Scorer scorer = new Scorer(memory, pack, clock);
        ScoreRequestParser parser = new ScoreRequestParser(clock);
        // A second apart and ending now: recent enough for any limit on an event's age.
        Instant first = clock.instant().truncatedTo(ChronoUnit.SECONDS).minusSeconds(EVENTS);
        int failed = 0;
        RuntimeException firstFailure = null;
        for (int i = 0; i < EVENTS && !closed; i++) {
            try {
                String body = SyntheticEvents.body("riskgate-warmup-" + i, i, ACCOUNTS, first.plusSeconds(i));
                ScoreRequest req = parser.parse(StrictJson.object(Buffer.buffer(body)));
                scorer.score(req);
            } catch (RuntimeException e) {
                failed++;
                firstFailure = firstFailure == null ? e : firstFailure;
            }
        }
        if (failed > 0) {
            LOG.warn("warm: {} of {} synthetic events failed; the first failure:", failed, EVENTS, firstFailure);
        }
    }

    /** The store's own preparation, then decisions on the reserved accounts, each event id new. */
    private boolean storeAnswers() {
        try {
            store.prepare();
            Scorer scorer = new Scorer(store, pack, clock);
            ScoreRequestParser parser = new ScoreRequestParser(clock);
            String run = UUID.randomUUID().toString();
            Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
            for (int i = 0; i < STORE_EVENTS && !closed; i++) {
                String body = SyntheticEvents.body("riskgate-warmup-" + run + "-" + i, i, ACCOUNTS, now);
                try {
                    scorer.score(parser.parse(StrictJson.object(Buffer.buffer(body))));
                } catch (StateUnavailable e) {
                    throw e;
                } catch (RuntimeException e) {
                    // The store answered; the pack or the parser did not like the event (logged above too).
                    LOG.warn("warm: a synthetic decision on the state store failed", e);
                    return true;
                }
            }
            return true;
        } catch (StateUnavailable e) {
            LOG.warn("warm: the state store did not answer ({}); asking again in {} s", e.getMessage(), RETRY.toSeconds());
            return false;
        }
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
    }
}
