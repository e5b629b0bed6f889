package dev.riskgate.rules;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pack that answers requests now, kept in step with its {@link PackSource} (the rules directory, or
 * the pack published to Redis). A background thread polls the source's content hash; on a change it
 * compiles the new pack on that thread and swaps it in atomically (a request uses one pack from start to
 * end). A pack that does not compile, breaks the {@link DrlPolicy}, sits in an unsafe directory
 * ({@link RulesDirectoryCheck}), has invalid data files or fails its {@link PackGate} is rejected and the
 * old one keeps serving. The replaced pack is disposed
 * after a grace period, once requests that took it have finished.
 */
public final class LivePack implements Supplier<RulePack>, AutoCloseable {

    /**
     * What a reload did: "loaded", "unchanged", "rejected", or "checked" (the scenario files changed and
     * the serving pack still passes them; when it does not, "rejected", and it keeps serving).
     */
    public record Outcome(String result, String version, Instant at, List<CompileError> errors) {
    }

    /**
     * The active pack's provenance, the last reload that did something (loaded, checked or rejected) and
     * the last rejection, for GET /admin/rules: {@code loadedAt} is when its compile began, {@code swappedAt}
     * when it began answering, {@code origin} where it came from. The rejection is history once a later
     * reload went well.
     */
    public record Status(String version, Instant loadedAt, Instant swappedAt, String origin, Path dir, List<String> files,
                         List<CompileError> warnings, Outcome lastReload, Outcome lastRejection) {
        /** Whether the last rejection is the last thing that happened (false once a later reload went well). */
        public boolean rejectionIsLatest() {
            return lastRejection != null && lastRejection == lastReload;
        }
    }

    /** The serving pack's arrival: when it was swapped in, and where it came from. */
    private record Arrival(Instant at, String origin) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(LivePack.class);
    private static final Duration DISPOSE_AFTER = Duration.ofSeconds(30);
    private static final Duration SETTLE = Duration.ofMillis(200);

    private final PackSource source;
    /** Where the serving pack was loaded from. */
    private volatile Path dir;
    private final String name;
    private final RulePackLoader loader;
    private final PackGate gate;
    private final Clock clock;
    private final AtomicReference<RulePack> current;
    private final AtomicReference<Outcome> lastRejection = new AtomicReference<>();
    private volatile Arrival arrival;
    private final AtomicReference<Outcome> lastReload = new AtomicReference<>();
    /** The gate's fingerprint the serving pack was last checked against. */
    private volatile String checkedCases;
    private final ScheduledExecutorService worker;
    private final Consumer<Outcome> onReload;
    private volatile String lastTried;

    private LivePack(PackSource source, Path dir, String name, RulePackLoader loader, PackGate gate, Clock clock,
                     RulePack initial, Consumer<Outcome> onReload) {
        this.source = source;
        this.dir = dir;
        this.name = name;
        this.loader = loader;
        this.gate = gate;
        this.clock = clock;
        this.current = new AtomicReference<>(initial);
        this.arrival = new Arrival(clock.instant(), source.origin(dir));
        this.lastTried = initial.version();
        this.onReload = onReload;
        this.checkedCases = "";
        this.worker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "riskgate-" + name + "-pack");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Compiles the pack in {@code dir} (on the calling thread: never an event loop) and, when
     * {@code poll} is positive, starts watching the directory for changes.
     */
    public static LivePack open(Path dir, String name, Clock clock, Duration poll, Consumer<Outcome> onReload)
            throws RulePackRejected {
        return open(dir, name, clock, poll, PackGate.NONE, onReload);
    }

    /** As {@link #open(Path, String, Clock, Duration, Consumer)}, every pack (the first one too) passing {@code gate}. */
    public static LivePack open(Path dir, String name, Clock clock, Duration poll, PackGate gate,
                                Consumer<Outcome> onReload) throws RulePackRejected {
        return open(PackSource.directory(dir), name, clock, poll, gate, onReload);
    }

    /** As {@link #open(Path, String, Clock, Duration, PackGate, Consumer)}, the pack read from {@code source}. */
    public static LivePack open(PackSource source, String name, Clock clock, Duration poll, PackGate gate,
                                Consumer<Outcome> onReload) throws RulePackRejected {
        RulePackLoader loader = new RulePackLoader(clock);
        Path dir = source.current();
        String cases = gate.fingerprint();
        LivePack live = new LivePack(source, dir, name, loader, gate, clock, load(dir, loader, gate), onReload);
        live.checkedCases = cases;
        if (!poll.isZero()) {
            live.worker.scheduleWithFixedDelay(live::reloadIfChanged, poll.toMillis(), poll.toMillis(), TimeUnit.MILLISECONDS);
        }
        return live;
    }

    @Override
    public RulePack get() {
        return current.get();
    }

    /**
     * The pack in {@code dir} exactly as a serving instance would accept it (safe directory, loader and
     * policy, probe, then {@code gate}), or why not. The caller owns, and closes, the pack.
     */
    public static RulePack loadChecked(Path dir, Clock clock, PackGate gate) throws RulePackRejected {
        return load(dir, new RulePackLoader(clock), gate);
    }

    /** Reloads now, on the pack's own thread, and returns what happened. */
    public Outcome reload() {
        try {
            return worker.submit(() -> reloadNow(true)).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reloading", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("reload failed", e.getCause());
        }
    }

    public Status status() {
        RulePack pack = current.get();
        Arrival a = arrival;
        return new Status(pack.version(), pack.loadedAt(), a.at(), a.origin(), dir, pack.files(), pack.warnings(),
                lastReload.get(), lastRejection.get());
    }

    private void reloadIfChanged() {
        try {
            reloadNow(false);
        } catch (RuntimeException e) {
            LOG.warn("{} pack: watching {} failed", name, dir, e);
        }
    }

    private Outcome reloadNow(boolean forced) {
        Path dir;
        String version;
        try {
            dir = source.current();
            version = RulePackLoader.versionOf(dir);
        } catch (RuntimeException e) {
            return reject("?", List.of(new CompileError(this.dir.toString(), null, null, "unreadable: " + e.getMessage())),
                    forced);
        }
        String cases = gate.fingerprint();
        boolean casesEdited = !cases.equals(checkedCases);
        if (version.equals(current.get().version())) {
            if (casesEdited && (forced || settled(gate::fingerprint, cases))) {
                return recheck(cases);
            }
            return new Outcome("unchanged", current.get().version(), clock.instant(), List.of());
        }
        // A pack once refused is not compiled again at every poll, unless the cases it failed were edited.
        if (!forced && version.equals(lastTried) && !casesEdited) {
            return new Outcome("unchanged", current.get().version(), clock.instant(), List.of());
        }
        if (!forced && !settled(() -> RulePackLoader.versionOf(dir), version)) {
            return new Outcome("unchanged", current.get().version(), clock.instant(), List.of());
        }
        lastTried = version;
        checkedCases = cases;
        RulePack next;
        try {
            next = load(dir, loader, gate);
        } catch (RulePackRejected e) {
            return reject(version, e.errors(), true);
        }
        this.dir = dir;
        String origin = source.origin(dir);
        RulePack old = current.getAndSet(next);
        arrival = new Arrival(clock.instant(), origin);
        worker.schedule(old::close, DISPOSE_AFTER.toMillis(), TimeUnit.MILLISECONDS);
        Outcome outcome = new Outcome("loaded", next.version(), clock.instant(), List.of());
        lastReload.set(outcome);
        LOG.info("{} pack {} loaded from {}, {} (replaced {})", name, next.version(), dir, origin, old.version());
        onReload.accept(outcome);
        return outcome;
    }

    /**
     * Only the scenario files changed: the serving pack is checked against them as they are now. It keeps
     * serving either way (nothing better is at hand), but a failure is reported like a rejected reload.
     */
    private Outcome recheck(String cases) {
        checkedCases = cases;
        RulePack serving = current.get();
        List<CompileError> failures;
        try {
            failures = gate.check(serving);
        } catch (RuntimeException e) {
            failures = List.of(new CompileError(dir.toString(), null, null, "the pack could not be checked: " + e));
        }
        if (!failures.isEmpty()) {
            LOG.warn("{} pack {}: the scenario files changed and the serving pack no longer passes them", name,
                    serving.version());
            return reject(serving.version(), failures, true);
        }
        Outcome outcome = new Outcome("checked", serving.version(), clock.instant(), List.of());
        lastReload.set(outcome);
        LOG.info("{} pack {}: the scenario files changed and the serving pack still passes them", name, serving.version());
        return outcome;
    }

    private static RulePack load(Path dir, RulePackLoader loader, PackGate gate) throws RulePackRejected {
        RulesDirectoryCheck.requireSafe(dir);
        RulePack candidate = loader.load(dir);
        if (!candidate.warnings().isEmpty()) {
            LOG.warn("pack {} from {} loads with {} warning(s):\n  {}", candidate.version(), dir, candidate.warnings().size(),
                    String.join("\n  ", candidate.warnings().stream().map(CompileError::toString).toList()));
        }
        List<CompileError> refused;
        try {
            refused = gate.check(candidate);
        } catch (RuntimeException e) {
            // a gate that cannot decide has not said yes
            refused = List.of(new CompileError(dir.toString(), null, null, "the pack could not be checked: " + e));
        }
        if (!refused.isEmpty()) {
            candidate.close();
            throw new RulePackRejected(refused);
        }
        return candidate;
    }

    /**
     * Whether the files still hash to {@code seen} a moment later: editors and deploy tools write files in
     * several steps, and a pack (or a scenario file) caught half-written would be rejected for nothing.
     */
    private static boolean settled(Supplier<String> hash, String seen) {
        try {
            Thread.sleep(SETTLE.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        return seen.equals(hash.get());
    }

    private Outcome reject(String version, List<CompileError> errors, boolean report) {
        Outcome outcome = new Outcome("rejected", version, clock.instant(), errors);
        lastRejection.set(outcome);
        lastReload.set(outcome);
        if (report) {
            LOG.warn("{} pack {} rejected, {} keeps serving:\n  {}", name, version, current.get().version(),
                    String.join("\n  ", errors.stream().map(CompileError::toString).toList()));
            onReload.accept(outcome);
        }
        return outcome;
    }

    @Override
    public void close() {
        worker.shutdownNow();
        current.get().close();
    }
}
