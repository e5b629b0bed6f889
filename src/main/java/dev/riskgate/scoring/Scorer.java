package dev.riskgate.scoring;

import dev.riskgate.rules.ResaleCatalog;
import dev.riskgate.rules.RulePack;
import dev.riskgate.rules.Scorecard;
import dev.riskgate.state.Change;
import dev.riskgate.state.DecisionRecord;
import dev.riskgate.state.HistoryEvent;
import dev.riskgate.state.Resale;
import dev.riskgate.state.Snapshot;
import dev.riskgate.state.StateKeys;
import dev.riskgate.state.StateStore;
import dev.riskgate.state.Status;
import java.time.Clock;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one way an event becomes a decision: read the history snapshot, evaluate the active pack on it,
 * record the attempt, answer. The HTTP server, the scenario runner and replay all come through here.
 * A retry (same eventId, same body) gets the stored answer and changes nothing.
 */
public final class Scorer {

    private static final Logger LOG = LoggerFactory.getLogger(Scorer.class);

    private final StateStore store;
    private final Supplier<RulePack> activePack;
    private final Clock clock;
    private final List<DecisionListener> listeners;

    public Scorer(StateStore store, Supplier<RulePack> activePack, Clock clock, List<DecisionListener> listeners) {
        this.store = store;
        this.activePack = activePack;
        this.clock = clock;
        this.listeners = List.copyOf(listeners);
    }

    public Scorer(StateStore store, Supplier<RulePack> activePack, Clock clock) {
        this(store, activePack, clock, List.of());
    }

    public Scored score(ScoreRequest req) {
        RulePack pack = activePack.get();
        String hash = RequestHash.of(req);
        Trace trace = new Trace(System.nanoTime());
        StateKeys keys = new StateKeys(req.eventId(), req.accountId(), req.deviceId(), req.storeId());
        Decision decision = store.atomically(keys, snap -> {
            trace.read = System.nanoTime();
            trace.snapshot = snap;
            Change<Decision> change = decide(req, hash, snap, pack, trace);
            trace.evaluated = System.nanoTime();
            return change;
        });
        long end = System.nanoTime();
        boolean replayed = trace.snapshot.decision().isPresent();
        Scored scored = new Scored(decision, replayed, req.type(), trace.read - trace.start,
                replayed ? 0 : trace.evaluated - trace.read, replayed ? 0 : end - trace.evaluated,
                replayed ? null : trace.snapshot, replayed ? List.of() : trace.unrecognisedCategories);
        if (!replayed) {
            for (DecisionListener l : listeners) {
                try {
                    l.decided(req, scored);
                } catch (RuntimeException e) {
                    LOG.warn("decision listener {} failed on {}", l.getClass().getSimpleName(), req.eventId(), e);
                }
            }
        }
        return scored;
    }

    /**
     * What {@code pack} decides for {@code req} on {@code snap}, without recording anything. The shadow
     * pack uses this on the active pack's snapshot.
     */
    static Decision evaluate(RulePack pack, ScoreRequest req, Snapshot snap, List<Resale> resale) {
        Scorecard card = pack.evaluate(FactSheet.facts(req, snap, resale, pack.params().historyWindowMinutes()));
        int score = card.total();
        return new Decision(req.eventId(), pack.verdictFor(score), score, card.reasons(), pack.version());
    }

    /** Stage times of one call; the store contract lets the work run more than once, and the last run counts. */
    private static final class Trace {
        final long start;
        long read;
        long evaluated;
        Snapshot snapshot;
        List<String> unrecognisedCategories = List.of();

        Trace(long start) {
            this.start = start;
        }
    }

    private Change<Decision> decide(ScoreRequest req, String hash, Snapshot snap, RulePack pack, Trace trace) {
        if (snap.decision().isPresent()) {
            DecisionRecord stored = snap.decision().get();
            if (!stored.requestHash().equals(hash)) {
                throw new EventIdConflict(req.eventId());
            }
            return Change.none(stored.answer());
        }
        ResaleCatalog.Classified basket = Attempt.classify(pack, req);
        trace.unrecognisedCategories = basket.unrecognisedCategories();
        List<Resale> resale = basket.resale();
        Decision decision = evaluate(pack, req, snap, resale);
        HistoryEvent attempt = Attempt.of(req, statusOf(decision.decision()), snap, resale);
        DecisionRecord record = new DecisionRecord(decision, hash, req.accountId(), req.deviceId(), req.storeId(),
                clock.instant(), List.of());
        return Attempt.recorded(decision, record, snap, attempt);
    }

    static Status statusOf(Verdict verdict) {
        return switch (verdict) {
            case ALLOW -> Status.ALLOWED;
            case STEP_UP -> Status.PENDING;
            case BLOCK -> Status.BLOCKED;
        };
    }
}
