package dev.riskgate.scoring;

import dev.riskgate.decision.Decision;
import dev.riskgate.decision.Verdict;
import dev.riskgate.event.RequestHash;
import dev.riskgate.event.ScoreRequest;
import dev.riskgate.rules.EvaluationOverrun;
import dev.riskgate.rules.ResaleCatalog;
import dev.riskgate.rules.RulePack;
import dev.riskgate.rules.Scorecard;
import dev.riskgate.state.Applied;
import dev.riskgate.state.Commit;
import dev.riskgate.state.DecisionRecord;
import dev.riskgate.state.HistoryEvent;
import dev.riskgate.state.KeyLocks;
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
    private final KeyLocks decisionLocks = new KeyLocks();
    /** Whether alerts are committed to the store's outbox: only where something delivers them. */
    private final boolean outbox;

    public Scorer(StateStore store, Supplier<RulePack> activePack, Clock clock, List<DecisionListener> listeners,
                  boolean outbox) {
        this.store = store;
        this.activePack = activePack;
        this.clock = clock;
        this.listeners = List.copyOf(listeners);
        this.outbox = outbox;
    }

    /** Alerts ride on the decisions and are not queued for delivery (replay, scenarios, tests). */
    public Scorer(StateStore store, Supplier<RulePack> activePack, Clock clock, List<DecisionListener> listeners) {
        this(store, activePack, clock, listeners, false);
    }

    public Scorer(StateStore store, Supplier<RulePack> activePack, Clock clock) {
        this(store, activePack, clock, List.of());
    }

    /**
     * Refuses {@code req} when the live pack does not take its currency: the API checks this before it
     * queues the work, and {@link #score} again with the pack it scores with.
     */
    public void admit(ScoreRequest req) {
        activePack.get().currencies().require(req.currency());
    }

    /** Scores {@code req} with no deadline: replay, scenario files and import wait for every decision. */
    public Scored score(ScoreRequest req) {
        return score(req, new AnswerClaim()).scored();
    }

    /**
     * Scores {@code req} unless the deadline answers it first: the work takes {@code claim} just before it
     * commits or returns a stored answer, and throws {@link DeadlinePassed}, having changed nothing, when
     * the deadline took it first. The envelope returned is the one the listeners were told of.
     */
    public DecisionEnvelope score(ScoreRequest req, AnswerClaim claim) {
        RulePack pack = activePack.get();
        // A retry is recognised by what was sent; everything else reads the amounts in the pack's base currency.
        String hash = RequestHash.of(req);
        ScoreRequest priced = pack.currencies().inBase(req);
        StateKeys keys = new StateKeys(req.eventId(), req.accountId(), req.deviceId(), req.storeId());
        // Decisions on one account or one device take turns, so each sees the one before (a burst of
        // card tests fired in parallel still meets the velocity rules). Only the store's own short
        // locks guard a store's log: every account buying there would otherwise queue behind each other.
        // Read time counts from here: waiting for a turn on the account is part of reading its state.
        long start = System.nanoTime();
        Scored scored;
        try {
            scored = claim.hasDeadline()
                    ? decisionLocks.withLocks(() -> decide(priced, hash, keys, pack, start, claim), claim.deadline(),
                            "a:" + req.accountId(), "d:" + req.deviceId())
                    : decisionLocks.withLocks(() -> decide(priced, hash, keys, pack, start, claim),
                            "a:" + req.accountId(), "d:" + req.deviceId());
        } catch (KeyLocks.WaitExpired | EvaluationOverrun e) {
            if (!claim.hasDeadline()) {
                throw e;
            }
            // Past the deadline its timer answers the fail decision; this work gives its thread back.
            throw new DeadlinePassed(req.eventId());
        }
        DecisionEnvelope envelope = DecisionEnvelope.decided(req, scored);
        if (!scored.replayed()) {
            for (DecisionListener l : listeners) {
                try {
                    l.decided(envelope);
                } catch (RuntimeException e) {
                    LOG.warn("decision listener {} failed on {}", l.getClass().getSimpleName(), req.eventId(), e);
                }
            }
        }
        return envelope;
    }

    private Scored decide(ScoreRequest req, String hash, StateKeys keys, RulePack pack, long start,
                          AnswerClaim claim) {
        if (claim.failDecisionSent()) {
            // Queued, or waiting for the account's turn, past the deadline: reading would be wasted work.
            throw new DeadlinePassed(req.eventId());
        }
        Snapshot snap = store.snapshot(keys);
        long read = System.nanoTime();
        if (snap.decision().isPresent()) {
            take(claim, req);
            return replayed(req, hash, snap.decision().get(), read - start);
        }
        ResaleCatalog.Classified basket = Attempt.classify(pack, req);
        List<Resale> resale = basket.resale();
        long budget = claim.hasDeadline() ? claim.deadline() : System.nanoTime() + RulePack.DEFAULT_BUDGET.toNanos();
        // The owner's freeze is account state: the snapshot just read carries it.
        Decision decision = snap.account().frozen()
                ? AccountFreeze.blocked(req.eventId(), snap.account().freeze(), pack.version())
                : evaluate(pack, req, snap, resale, budget);
        long evaluated = System.nanoTime();
        HistoryEvent attempt = Attempt.of(pack, req, statusOf(decision.decision()), snap, resale);
        DecisionRecord record = new DecisionRecord(decision.withoutAlerts(), hash, req.accountId(), req.deviceId(), req.storeId(),
                clock.instant(), List.of());
        // The last moment the deadline can still answer instead: past this line the decision is committed
        // and the gateway must get it.
        take(claim, req);
        Commit commit = Attempt.recorded(keys, record, attempt);
        if (outbox && !decision.alerts().isEmpty()) {
            // The holder's alerts commit with the decision: delivered after the answer, from the outbox.
            commit = commit.withAlerts(AlertData.entries(req, decision, record.decidedAt()));
        }
        Applied applied = store.apply(commit);
        if (!applied.applied()) {
            // The same event was decided elsewhere meanwhile (another instance): its answer stands.
            return replayed(req, hash, applied.stored(), read - start);
        }
        return new Scored(decision, false, req.type(), read - start, evaluated - read, System.nanoTime() - evaluated,
                snap, basket.unrecognisedCategories());
    }

    private static void take(AnswerClaim claim, ScoreRequest req) {
        if (!claim.takeForWork()) {
            throw new DeadlinePassed(req.eventId());
        }
    }

    /**
     * Tells the listeners (the decision log) that the request was answered the fail decision. Records no
     * history and no answer for retries: a retry is scored afresh.
     */
    public void degraded(DecisionEnvelope answer) {
        for (DecisionListener l : listeners) {
            try {
                l.degraded(answer);
            } catch (RuntimeException e) {
                LOG.warn("decision listener {} failed on degraded {}", l.getClass().getSimpleName(),
                        answer.event().eventId(), e);
            }
        }
    }

    /**
     * The stored answer to {@code req} when it is a retry of an event already decided (same eventId, same
     * body), without scoring anything: a retry gets its answer even when the live checks would no longer
     * take the event (older than the event-age window by now). Throws {@link EventIdConflict} for the same
     * eventId with another body, and {@link AnswerExpired} past the idempotency window.
     */
    public java.util.Optional<DecisionEnvelope> storedAnswer(ScoreRequest req) {
        return store.decision(req.eventId())
                .map(stored -> DecisionEnvelope.decided(req, replayed(req, RequestHash.of(req), stored, 0)));
    }

    private static Scored replayed(ScoreRequest req, String hash, DecisionRecord stored, long readNanos) {
        if (!stored.answers(hash)) {
            throw new EventIdConflict(req.eventId());
        }
        if (!stored.answerKept()) {
            // Past the idempotency window: never decided again, but the answer cannot be sent again either.
            throw new AnswerExpired(stored);
        }
        return new Scored(stored.answer(), true, req.type(), readNanos, 0, 0, null, List.of());
    }

    /**
     * What {@code pack} decides for {@code req} on {@code snap}, without recording anything. The shadow
     * pack uses this on the active pack's snapshot.
     */
    static Decision evaluate(RulePack pack, ScoreRequest req, Snapshot snap, List<Resale> resale) {
        return evaluate(pack, req, snap, resale, System.nanoTime() + RulePack.DEFAULT_BUDGET.toNanos());
    }

    private static Decision evaluate(RulePack pack, ScoreRequest req, Snapshot snap, List<Resale> resale, long deadline) {
        Scorecard card = pack.evaluate(FactSheet.facts(req, snap, resale, pack), deadline);
        int score = card.total();
        Verdict verdict = pack.verdictFor(score);
        return new Decision(req.eventId(), verdict, score, card.reasons(), pack.version(), card.staged(),
                VerdictAlerts.with(card.alerts(), pack.alertKinds(), req, verdict, card.reasons()));
    }

    static Status statusOf(Verdict verdict) {
        return switch (verdict) {
            case ALLOW -> Status.ALLOWED;
            case STEP_UP -> Status.PENDING;
            case BLOCK -> Status.BLOCKED;
        };
    }
}
