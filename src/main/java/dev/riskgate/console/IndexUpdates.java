package dev.riskgate.console;

import dev.riskgate.decision.Reason;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * How each {@link DecisionIndex.Entry} changes the index: a decision's row and its fired rules; a label;
 * a shadow answer. The counters the rules page reads (per day, per rule and day, per pair of rules and
 * day) are summed in memory over a batch and written once by {@link #flush}: a batch of a thousand
 * decisions touches a few dozen counter rows, not thousands. Runs inside the index's write transaction.
 */
final class IndexUpdates {

    /** The writer connection's prepared statement for a piece of SQL. */
    interface Statements {
        PreparedStatement get(String sql) throws SQLException;
    }

    private record RuleDay(String rule, long day) {
    }

    private record PairDay(String rule, String other, long day) {
    }

    private static final int HITS = 0;
    private static final int FRAUD = 1;
    private static final int LEGIT = 2;
    private static final int ONLY_ACTIVE = 3;
    private static final int ONLY_SHADOW = 4;

    private final Statements statements;
    private final Map<Long, long[]> days = new HashMap<>();
    private final Map<RuleDay, long[]> rules = new HashMap<>();
    private final Map<PairDay, long[]> pairs = new HashMap<>();

    IndexUpdates(Statements statements) {
        this.statements = statements;
    }

    void apply(DecisionIndex.Entry e) throws SQLException {
        if (e instanceof DecisionIndex.Decided d) {
            decided(d.d());
        } else if (e instanceof DecisionIndex.Labelled l) {
            labelled(l);
        } else if (e instanceof DecisionIndex.ShadowAnswer s) {
            shadow(s);
        }
    }

    /** Adds the batch's counters to the stored ones; call before the commit. */
    void flush() throws SQLException {
        PreparedStatement d = statements.get("""
                INSERT INTO day_totals(day, decisions, shadow_disagree) VALUES (?, ?, ?)
                ON CONFLICT(day) DO UPDATE SET decisions = decisions + excluded.decisions,
                  shadow_disagree = shadow_disagree + excluded.shadow_disagree""");
        for (var e : days.entrySet()) {
            d.setLong(1, e.getKey());
            d.setLong(2, e.getValue()[0]);
            d.setLong(3, e.getValue()[1]);
            d.executeUpdate();
        }
        PreparedStatement r = statements.get("""
                INSERT INTO rule_days(rule, day, hits, fraud, legit, only_active, only_shadow) VALUES (?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT(rule, day) DO UPDATE SET hits = hits + excluded.hits, fraud = fraud + excluded.fraud,
                  legit = legit + excluded.legit, only_active = only_active + excluded.only_active,
                  only_shadow = only_shadow + excluded.only_shadow""");
        for (var e : rules.entrySet()) {
            r.setString(1, e.getKey().rule());
            r.setLong(2, e.getKey().day());
            for (int i = 0; i < 5; i++) {
                r.setLong(3 + i, e.getValue()[i]);
            }
            r.executeUpdate();
        }
        PreparedStatement p = statements.get("""
                INSERT INTO pair_days(rule, other, day, hits) VALUES (?, ?, ?, ?)
                ON CONFLICT(rule, day, other) DO UPDATE SET hits = hits + excluded.hits""");
        for (var e : pairs.entrySet()) {
            p.setString(1, e.getKey().rule());
            p.setString(2, e.getKey().other());
            p.setLong(3, e.getKey().day());
            p.setLong(4, e.getValue()[0]);
            p.executeUpdate();
        }
        forget();
    }

    /** Drops the batch's counters (its transaction was rolled back). */
    void forget() {
        days.clear();
        rules.clear();
        pairs.clear();
    }

    private void day(long day, int decisions, int disagree) {
        long[] c = days.computeIfAbsent(day, k -> new long[2]);
        c[0] += decisions;
        c[1] += disagree;
    }

    private void rule(String rule, long day, int column, int by) {
        rules.computeIfAbsent(new RuleDay(rule, day), k -> new long[5])[column] += by;
    }

    /** Adds the decision's row without looking first (nearly all are new); false when its eventId is known. */
    private boolean insert(IndexedDecision d) throws SQLException {
        PreparedStatement p = statements.get("""
                INSERT INTO decisions(event_id, at, logged_at, type, decision, score, degraded, account, device, store,
                  rules_version, event, answer, seen, top_reasons, alerts) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT(event_id) DO NOTHING""");
        p.setString(1, d.eventId());
        p.setLong(2, d.occurredAt().toEpochMilli());
        p.setLong(3, d.loggedAt().toEpochMilli());
        p.setString(4, d.type());
        p.setString(5, d.decision());
        p.setInt(6, d.score());
        p.setInt(7, d.degraded() ? 1 : 0);
        p.setString(8, d.accountId());
        p.setString(9, d.deviceId());
        p.setString(10, d.storeId());
        p.setString(11, d.rulesVersion());
        p.setString(12, d.maskedEvent());
        p.setString(13, d.answer());
        p.setString(14, d.seen());
        p.setString(15, String.join(", ", d.reasons().stream().limit(3).map(Reason::rule).toList()));
        p.setString(16, d.alerts());
        return p.executeUpdate() == 1;
    }

    private void decided(IndexedDecision d) throws SQLException {
        if (!insert(d)) {
            // Known already (a line read twice from the log, or the queue's copy of one a gap fill read).
            // A degraded answer is followed by the event's real decision when the gateway retries: that one wins.
            PreparedStatement known = statements.get("SELECT degraded, at FROM decisions WHERE event_id = ?");
            known.setString(1, d.eventId());
            try (ResultSet r = known.executeQuery()) {
                if (!r.next() || r.getInt(1) == 0 || d.degraded()) {
                    return;
                }
                day(DecisionIndex.day(Instant.ofEpochMilli(r.getLong(2))), -1, 0);
            }
            PreparedStatement delete = statements.get("DELETE FROM decisions WHERE event_id = ?");
            delete.setString(1, d.eventId());
            delete.executeUpdate();
            insert(d);
        }
        long day = DecisionIndex.day(d.occurredAt());
        day(day, 1, 0);
        PreparedStatement fired = statements.get(
                "INSERT OR IGNORE INTO fired(rule, at, event_id, points, message, staged) VALUES (?, ?, ?, ?, ?, ?)");
        for (List<Reason> list : List.of(d.reasons(), d.staged())) {
            for (Reason r : list) {
                fired.setString(1, r.rule());
                fired.setLong(2, d.occurredAt().toEpochMilli());
                fired.setString(3, d.eventId());
                fired.setInt(4, r.points());
                fired.setString(5, r.message());
                fired.setInt(6, list == d.reasons() ? 0 : 1);
                fired.executeUpdate();
            }
        }
        List<String> names = Stream.concat(d.reasons().stream(), d.staged().stream()).map(Reason::rule).distinct().toList();
        for (String rule : names) {
            rule(rule, day, HITS, 1);
            for (String other : names) {
                if (!other.equals(rule)) {
                    pairs.computeIfAbsent(new PairDay(rule, other, day), k -> new long[1])[0]++;
                }
            }
        }
    }

    /**
     * Records feedback; FRAUD and LEGIT also label the decision, moving its rules' precision counters. The
     * same label again changes nothing, so the console's own write and the feed's echo of it agree.
     */
    private void labelled(DecisionIndex.Labelled l) throws SQLException {
        PreparedStatement feedback = statements.get("INSERT OR IGNORE INTO feedback(event_id, outcome, at) VALUES (?, ?, ?)");
        feedback.setString(1, l.eventId());
        feedback.setString(2, l.outcome());
        feedback.setLong(3, l.loggedAt().toEpochMilli());
        feedback.executeUpdate();
        if (!l.outcome().equals("FRAUD") && !l.outcome().equals("LEGIT")) {
            return;
        }
        String old;
        long at;
        PreparedStatement known = statements.get("SELECT label, at FROM decisions WHERE event_id = ?");
        known.setString(1, l.eventId());
        try (ResultSet r = known.executeQuery()) {
            if (!r.next()) {
                return; // labelled before its decision reached the index
            }
            old = r.getString(1);
            at = r.getLong(2);
        }
        if (l.reason() != null || !l.outcome().equals(old)) {
            PreparedStatement p = statements.get("""
                    UPDATE decisions SET label = ?, label_reason = COALESCE(?, label_reason),
                      label_key = COALESCE(?, label_key), labelled_at = ? WHERE event_id = ?""");
            p.setString(1, l.outcome());
            p.setString(2, l.reason());
            p.setString(3, l.keyId());
            p.setLong(4, l.loggedAt().toEpochMilli());
            p.setString(5, l.eventId());
            p.executeUpdate();
        }
        if (l.outcome().equals(old)) {
            return;
        }
        long day = DecisionIndex.day(Instant.ofEpochMilli(at));
        for (String rule : firedRules(l.eventId())) {
            if (old != null) {
                rule(rule, day, column(old), -1);
            }
            rule(rule, day, column(l.outcome()), 1);
        }
    }

    private static int column(String label) {
        return label.equals("FRAUD") ? FRAUD : LEGIT;
    }

    private List<String> firedRules(String eventId) throws SQLException {
        PreparedStatement p = statements.get("SELECT DISTINCT rule FROM fired WHERE event_id = ?");
        p.setString(1, eventId);
        try (ResultSet r = p.executeQuery()) {
            List<String> names = new ArrayList<>();
            while (r.next()) {
                names.add(r.getString(1));
            }
            return names;
        }
    }

    private void shadow(DecisionIndex.ShadowAnswer s) throws SQLException {
        long at;
        PreparedStatement known = statements.get("SELECT at FROM decisions WHERE event_id = ?");
        known.setString(1, s.eventId());
        try (ResultSet r = known.executeQuery()) {
            at = r.next() ? r.getLong(1) : s.loggedAt().toEpochMilli();
        }
        PreparedStatement p = statements.get("""
                INSERT OR IGNORE INTO shadow(event_id, decision, score, rules_version, agree, only_active, only_shadow, reasons)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)""");
        p.setString(1, s.eventId());
        p.setString(2, s.decision());
        p.setInt(3, s.score());
        p.setString(4, s.rulesVersion());
        p.setInt(5, s.agree() ? 1 : 0);
        p.setString(6, String.join("\n", s.onlyActive()));
        p.setString(7, String.join("\n", s.onlyShadow()));
        p.setString(8, s.reasons());
        if (p.executeUpdate() == 0) {
            return;
        }
        long day = DecisionIndex.day(Instant.ofEpochMilli(at));
        day(day, 0, s.agree() ? 0 : 1);
        for (String rule : s.onlyActive()) {
            rule(rule, day, ONLY_ACTIVE, 1);
        }
        for (String rule : s.onlyShadow()) {
            rule(rule, day, ONLY_SHADOW, 1);
        }
    }
}
