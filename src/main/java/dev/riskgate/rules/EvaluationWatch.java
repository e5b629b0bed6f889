package dev.riskgate.rules;

import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last line behind the pack policy and the engine's own budget checks (see {@link RulePack#evaluate}),
 * for an evaluation stuck inside one constraint or consequence, where nothing is checked: a watchdog thread
 * looks at every running evaluation every {@value #TICK_MS} ms, and one still running {@value #GRACE_MS} ms
 * past its deadline is logged (a WARN naming the pack, the rule that was firing or "matching facts", and the
 * top of its stack) and its thread stopped with {@link Thread#stop()}. That is a best effort: the stop lands
 * at the thread's next safepoint and code on the way may catch it (measured: from 1 s to 77 s for a thread
 * in a compiled regular expression), and Java 20 and later refuse it (the WARN then says so). The event got
 * the fail decision at its deadline either way, and requests queued behind it wait only until their own.
 */
final class EvaluationWatch {

    private static final Logger LOG = LoggerFactory.getLogger(EvaluationWatch.class);
    static final long TICK_MS = 10;
    /**
     * How long past its deadline an evaluation runs before its thread is stopped. The engine's own checks
     * end a slow but progressing evaluation at the deadline; only one stuck inside a single constraint or
     * consequence gets this far, and a second leaves room for a collector pause, so a thread is stopped
     * only when it is really stuck (stopping one is a last resort: it may die anywhere).
     */
    static final long GRACE_MS = 1_000;
    private static final int IDLE = 0;
    private static final int RUNNING = 1;
    private static final int STOPPING = 2;
    private static final int ABANDONED = 3;

    static final EvaluationWatch SHARED = new EvaluationWatch();

    /** One per evaluating thread, reused, so an evaluation allocates nothing to be watched. */
    static final class Slot {
        private final Thread thread = Thread.currentThread();
        private final AtomicInteger state = new AtomicInteger(IDLE);
        private volatile long deadline;
        private volatile Scorecard card;
        private volatile String pack;
    }

    private final ThreadLocal<Slot> slots = ThreadLocal.withInitial(this::register);
    private final Set<Slot> running = ConcurrentHashMap.newKeySet();
    private volatile boolean canStop = true;

    private EvaluationWatch() {
        Thread watchdog = new Thread(this::watch, "riskgate-rule-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
    }

    private Slot register() {
        Slot slot = new Slot();
        running.add(slot);
        return slot;
    }

    /** Marks this thread as evaluating {@code pack} until {@code deadline} (System.nanoTime). */
    Slot enter(long deadline, Scorecard card, String pack) {
        Slot slot = slots.get();
        slot.deadline = deadline;
        slot.card = card;
        slot.pack = pack;
        slot.state.set(RUNNING);
        return slot;
    }

    /**
     * Marks the evaluation done. When the watchdog has already decided to stop this thread, waits for
     * the stop to arrive here, as a {@link ThreadDeath} thrown out of this call, rather than later in
     * code that does not expect it.
     */
    void leave(Slot slot) {
        if (slot.state.compareAndSet(RUNNING, IDLE) || slot.state.compareAndSet(ABANDONED, IDLE)) {
            slot.card = null;
            return;
        }
        // The stop arrives within microseconds, at the thread's next safepoint; if it has not come in a
        // second, code between the stop and here caught it (the engine may wrap what it catches), and it
        // will not come at all.
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
        while (slot.state.get() == STOPPING && System.nanoTime() - until < 0) {
            try {
                TimeUnit.MILLISECONDS.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        slot.state.set(IDLE);
        slot.card = null;
    }

    /** Whether {@code failure} is, or wraps, the stop of a thread (an engine may catch and wrap it). */
    static boolean isStop(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ThreadDeath) {
                return true;
            }
        }
        return false;
    }

    /** After the stop arrived: the slot can serve this thread's next evaluation. */
    void stoppedHere(Slot slot) {
        slot.card = null;
        slot.state.set(IDLE);
    }

    private void watch() {
        while (true) {
            try {
                TimeUnit.MILLISECONDS.sleep(TICK_MS);
                long now = System.nanoTime();
                for (Slot slot : running) {
                    if (!slot.thread.isAlive()) {
                        running.remove(slot);
                    } else if (slot.state.get() == RUNNING && now - slot.deadline > TimeUnit.MILLISECONDS.toNanos(GRACE_MS)) {
                        stop(slot, now);
                    }
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.error("rule watchdog failed; it keeps watching", e);
            }
        }
    }

    private void stop(Slot slot, long now) {
        Scorecard card = slot.card;
        String where = card == null || card.firingRule().equals("?") ? "matching facts, before any rule fired"
                : "rule '" + card.firingRule() + "' (or matching after it)";
        String stack = Arrays.stream(slot.thread.getStackTrace()).limit(6).map(StackTraceElement::toString)
                .collect(Collectors.joining(" < "));
        long over = TimeUnit.NANOSECONDS.toMillis(now - slot.deadline);
        if (canStop && slot.state.compareAndSet(RUNNING, STOPPING)) {
            try {
                stopThread(slot.thread);
                LOG.warn("pack {}: an evaluation ran {} ms past its budget in {}; its thread {} was stopped and the event answered with the fail decision. At: {}",
                        slot.pack, over, where, slot.thread.getName(), stack);
                return;
            } catch (UnsupportedOperationException e) {
                canStop = false;
                slot.state.set(RUNNING);
            }
        }
        if (slot.state.compareAndSet(RUNNING, ABANDONED)) {
            LOG.warn("pack {}: an evaluation ran {} ms past its budget in {}; this JVM cannot stop threads, so thread {} keeps running it. At: {}", slot.pack, over, where,
                    slot.thread.getName(), stack);
        }
    }

    @SuppressWarnings({"deprecation", "removal"})
    private static void stopThread(Thread thread) {
        thread.stop();
    }
}
