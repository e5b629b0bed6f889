package dev.riskgate.rules;

import dev.riskgate.decision.Verdict;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import org.kie.api.event.rule.BeforeMatchFiredEvent;
import org.kie.api.event.rule.DefaultAgendaEventListener;
import org.kie.api.event.rule.MatchCreatedEvent;
import org.kie.api.runtime.KieContainer;
import org.kie.api.runtime.KieSession;
import org.kie.api.runtime.KieSessionsPool;

/**
 * A compiled, validated rule pack: DRL rules plus their parameters and resale goods list, identified by
 * a content hash. Thread-safe: each evaluation borrows a pooled session (a session is not thread-safe,
 * the knowledge base is).
 */
public final class RulePack implements AutoCloseable {

    /** How long an evaluation without a deadline of its own may take. */
    public static final java.time.Duration DEFAULT_BUDGET = java.time.Duration.ofSeconds(30);
    /** A runaway pack (rules re-triggering each other) stops here instead of hanging a request. */
    private static final int MAX_FIRINGS = 10_000;

    private final String version;
    private final Parameters params;
    private final ResaleCatalog resaleCatalog;
    private final KieContainer container;
    private final KieSessionsPool sessions;
    private final java.util.Map<String, Double> familyCaps;
    private final java.util.Map<String, Double> familyFloors;
    private final Instant loadedAt;
    private final List<String> files;
    private final PackReads reads;
    private final java.util.Set<String> ruleNames;
    private final List<CompileError> warnings;

    private final Currencies currencies;
    private final AlertKinds alertKinds;
    /** Whether a rule file declares the global {@code alert}: Drools refuses a global no file declares. */
    private final boolean alertGlobal;

    RulePack(String version, Parameters params, ResaleCatalog resaleCatalog, Currencies currencies, KieContainer container,
             Instant loadedAt, List<String> files) {
        this(version, params, resaleCatalog, currencies, container, loadedAt, files, List.of());
    }

    RulePack(String version, Parameters params, ResaleCatalog resaleCatalog, Currencies currencies, KieContainer container,
             Instant loadedAt, List<String> files, List<CompileError> warnings) {
        this(version, params, resaleCatalog, currencies, AlertKinds.NONE, container, loadedAt, files, warnings);
    }

    RulePack(String version, Parameters params, ResaleCatalog resaleCatalog, Currencies currencies, AlertKinds alertKinds,
             KieContainer container, Instant loadedAt, List<String> files, List<CompileError> warnings) {
        this.warnings = List.copyOf(warnings);
        this.alertKinds = alertKinds;
        this.alertGlobal = container.getKieBase().getKiePackages().stream()
                .anyMatch(p -> p.getGlobalVariables().stream().anyMatch(g -> g.getName().equals(ALERT_GLOBAL)));
        this.version = version;
        this.currencies = currencies;
        this.params = params;
        this.resaleCatalog = resaleCatalog;
        this.container = container;
        this.sessions = container.getKieBase().newKieSessionsPool(Runtime.getRuntime().availableProcessors() * 2);
        this.familyCaps = params.familyCaps();
        this.familyFloors = params.familyFloors();
        this.loadedAt = loadedAt;
        this.files = List.copyOf(files);
        this.reads = PackReads.of(container.getKieBase(), params);
        java.util.Set<String> names = new java.util.TreeSet<>();
        container.getKieBase().getKiePackages().forEach(p -> p.getRules().forEach(r -> names.add(r.getName())));
        this.ruleNames = java.util.Collections.unmodifiableSet(names);
    }

    /**
     * Runs every rule over {@code facts} and returns what they awarded, within {@link #DEFAULT_BUDGET}:
     * replay, scenario files and the load probe have no deadline, but a pack that takes this long on one
     * event is broken.
     */
    public Scorecard evaluate(Collection<?> facts) {
        return evaluate(facts, System.nanoTime() + DEFAULT_BUDGET.toNanos());
    }

    /**
     * Runs every rule over {@code facts} until {@code deadline} ({@link System#nanoTime()}); past it the
     * evaluation is abandoned with {@link EvaluationOverrun} (see {@link EvaluationWatch}).
     */
    public Scorecard evaluate(Collection<?> facts, long deadline) {
        long budgetMillis = java.util.concurrent.TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        Scorecard card = new Scorecard(familyCaps, familyFloors, alertKinds);
        KieSession session = sessions.newKieSession();
        DefaultAgendaEventListener naming = new DefaultAgendaEventListener() {
            @Override
            public void matchCreated(MatchCreatedEvent event) {
                checkBudget(deadline, card);
            }

            @Override
            public void beforeMatchFired(BeforeMatchFiredEvent event) {
                checkBudget(deadline, card);
                org.kie.api.definition.rule.Rule rule = event.getMatch().getRule();
                card.firing(rule.getName(), familyOf(rule), logOnly(rule));
            }
        };
        EvaluationWatch.Slot slot = EvaluationWatch.SHARED.enter(deadline, card, version);
        boolean pooled = false;
        try {
            RuntimeException failed = null;
            try {
                session.setGlobal("params", params);
                session.setGlobal("score", card);
                if (alertGlobal) {
                    session.setGlobal(ALERT_GLOBAL, card.alertGlobal());
                }
                session.addEventListener(naming);
                for (Object fact : facts) {
                    session.insert(fact);
                }
                session.fireAllRules(MAX_FIRINGS);
                session.removeEventListener(naming);
                pooled = true;
            } catch (RuntimeException e) {
                failed = e;
            }
            EvaluationWatch.SHARED.leave(slot); // a stop on its way arrives here, as ThreadDeath
            if (failed != null && EvaluationWatch.isStop(failed)) {
                throw new EvaluationOverrun(version, card.firingRule(), budgetMillis); // the engine wrapped the stop
            }
            if (failed != null) {
                throw overrun(failed, card, budgetMillis);
            }
            return card;
        } catch (ThreadDeath stopped) {
            EvaluationWatch.SHARED.stoppedHere(slot);
            throw new EvaluationOverrun(version, card.firingRule(), budgetMillis);
        } finally {
            if (pooled) {
                session.dispose(); // back to the pool
            }
            // A session cut short may be half-way through anything, holding its own locks: it is dropped
            // for the collector, never pooled and never torn down (tearing it down could wait on those locks).
        }
    }

    private static void checkBudget(long deadline, Scorecard card) {
        if (System.nanoTime() - deadline > 0) {
            throw new BudgetPassed(card.firingRule());
        }
    }

    /** Thrown inside the engine by the budget check; Drools may wrap it on the way out. */
    private static final class BudgetPassed extends RuntimeException {
        BudgetPassed(String rule) {
            super(rule, null, false, false);
        }
    }

    /** The failure as thrown, or the overrun when the budget check was what stopped the engine. */
    private RuntimeException overrun(RuntimeException failed, Scorecard card, long budgetMillis) {
        for (Throwable t = failed; t != null; t = t.getCause()) {
            if (t instanceof BudgetPassed) {
                return new EvaluationOverrun(version, card.firingRule(), budgetMillis);
            }
        }
        return failed;
    }

    /** The family a rule declares with {@code @family("...")}; the loader refuses a pack where one does not. */
    static String familyOf(org.kie.api.definition.rule.Rule rule) {
        Object family = rule.getMetaData().get(FAMILY);
        return family == null ? rule.getName() : family.toString();
    }

    static final String FAMILY = "family";
    static final String ALERT_GLOBAL = "alert";
    /** {@code @mode("log")}: the rule is staged, fires and is logged and counted, but adds no points. */
    static final String MODE = "mode";
    static final String LOG_ONLY = "log";
    /** How reports (replay's rule table, scenario answers) mark a log-only rule's name: it fired and added nothing. */
    public static final String LOG_ONLY_MARK = " (log only)";

    static boolean logOnly(org.kie.api.definition.rule.Rule rule) {
        return LOG_ONLY.equals(rule.getMetaData().get(MODE));
    }

    public Verdict verdictFor(int score) {
        if (score >= params.blockAt()) {
            return Verdict.BLOCK;
        }
        return score >= params.stepUpAt() ? Verdict.STEP_UP : Verdict.ALLOW;
    }

    public String version() {
        return version;
    }

    public Parameters params() {
        return params;
    }

    /** Which earlier attempts the rules can match, so that no others are inserted. */
    public PackReads reads() {
        return reads;
    }

    /** The currencies the pack takes, and their amounts in its base currency. */
    public Currencies currencies() {
        return currencies;
    }

    /** What is suspect in the pack but does not stop it serving (parameters no rule reads), with file and line. */
    public List<CompileError> warnings() {
        return warnings;
    }

    /** The names of the log-only rules ({@code @mode("log")}), sorted. */
    public java.util.Set<String> logOnlyRules() {
        java.util.Set<String> names = new java.util.TreeSet<>();
        container.getKieBase().getKiePackages().forEach(p -> p.getRules().forEach(r -> {
            if (logOnly(r)) {
                names.add(r.getName());
            }
        }));
        return names;
    }

    /** Every rule's name, sorted: what scenario files and reports may name. */
    public java.util.Set<String> ruleNames() {
        return ruleNames;
    }

    /** The alert kinds the pack declares, and those switched off here. */
    public AlertKinds alertKinds() {
        return alertKinds;
    }

    public ResaleCatalog resaleCatalog() {
        return resaleCatalog;
    }

    public Instant loadedAt() {
        return loadedAt;
    }

    public List<String> files() {
        return files;
    }

    /** Releases the compiled knowledge; a hot swap calls this once the old pack is no longer used. */
    @Override
    public void close() {
        sessions.shutdown();
        container.dispose();
    }
}
