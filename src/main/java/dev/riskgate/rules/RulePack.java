package dev.riskgate.rules;

import dev.riskgate.decision.Verdict;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import org.kie.api.event.rule.BeforeMatchFiredEvent;
import org.kie.api.event.rule.DefaultAgendaEventListener;
import org.kie.api.runtime.KieContainer;
import org.kie.api.runtime.KieSession;
import org.kie.api.runtime.KieSessionsPool;

/**
 * A compiled, validated rule pack: DRL rules plus their parameters and resale goods list, identified by
 * a content hash. Thread-safe: each evaluation borrows a pooled session (a session is not thread-safe,
 * the knowledge base is).
 */
public final class RulePack implements AutoCloseable {

    /** A runaway pack (rules re-triggering each other) stops here instead of hanging a request. */
    private static final int MAX_FIRINGS = 10_000;

    private final String version;
    private final Parameters params;
    private final ResaleCatalog resaleCatalog;
    private final KieContainer container;
    private final KieSessionsPool sessions;
    private final java.util.Map<String, Double> familyCaps;
    private final Instant loadedAt;
    private final List<String> files;
    private final PackReads reads;

    private final Currencies currencies;

    RulePack(String version, Parameters params, ResaleCatalog resaleCatalog, Currencies currencies, KieContainer container,
             Instant loadedAt, List<String> files) {
        this.version = version;
        this.currencies = currencies;
        this.params = params;
        this.resaleCatalog = resaleCatalog;
        this.container = container;
        this.sessions = container.getKieBase().newKieSessionsPool(Runtime.getRuntime().availableProcessors() * 2);
        this.familyCaps = params.familyCaps();
        this.loadedAt = loadedAt;
        this.files = List.copyOf(files);
        this.reads = PackReads.of(container.getKieBase(), params);
    }

    /** Runs every rule over {@code facts} and returns what they awarded. */
    public Scorecard evaluate(Collection<?> facts) {
        Scorecard card = new Scorecard(familyCaps);
        KieSession session = sessions.newKieSession();
        DefaultAgendaEventListener naming = new DefaultAgendaEventListener() {
            @Override
            public void beforeMatchFired(BeforeMatchFiredEvent event) {
                org.kie.api.definition.rule.Rule rule = event.getMatch().getRule();
                card.firing(rule.getName(), familyOf(rule));
            }
        };
        try {
            session.setGlobal("params", params);
            session.setGlobal("score", card);
            session.addEventListener(naming);
            for (Object fact : facts) {
                session.insert(fact);
            }
            session.fireAllRules(MAX_FIRINGS);
        } finally {
            session.removeEventListener(naming);
            session.dispose();
        }
        return card;
    }

    /** The family a rule declares with {@code @family("...")}; the loader refuses a pack where one does not. */
    static String familyOf(org.kie.api.definition.rule.Rule rule) {
        Object family = rule.getMetaData().get(FAMILY);
        return family == null ? rule.getName() : family.toString();
    }

    static final String FAMILY = "family";

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
