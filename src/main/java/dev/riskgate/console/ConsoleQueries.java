package dev.riskgate.console;

import dev.riskgate.decision.Alert;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What the console's pages read from the {@link DecisionIndex}. Every query walks an index from its
 * newest end and stops at a page (docs/console.md): none scans the decisions.
 */
public final class ConsoleQueries {

    /** A fired rule as the decision page shows it. */
    public record Fired(String rule, int points, String message, boolean staged) {
    }

    /** One decision, with everything the decision page shows. */
    public record Detail(DecisionRow row, String maskedEvent, String answer, JsonObject seen, List<Fired> fired,
                         List<String> feedback, String labelReason, String labelKey, JsonObject shadow,
                         boolean shadowAgrees, String leaseHolder, Instant leaseUntil, List<Alert> alerts) {
    }

    /** A rule over a window of days. {@code precision} is null when none of its hits is labelled. */
    public record RuleStats(String rule, long hits, double hitRate, long fraud, long legit, Double precision,
                            long onlyActive, long onlyShadow, List<String> cooccurs) {
    }

    public record RulesWindow(int days, long decisions, long shadowDisagreements, List<RuleStats> rules) {
    }

    private final DecisionIndex index;

    public ConsoleQueries(DecisionIndex index) {
        this.index = index;
    }

    /** Page {@code page} (from 0) of {@code size} decisions matching {@code f}, the latest occurredAt first. */
    public List<DecisionRow> decisions(DecisionFilter f, int page, int size) {
        StringBuilder sql = new StringBuilder("SELECT ").append(DecisionRow.COLUMNS);
        List<Object> args = new ArrayList<>();
        String at;
        String tieBreak;
        if (f.rule() != null) {
            // From the rule's own index, newest first; a decision fires a rule once.
            sql.append(" FROM fired f JOIN decisions d ON d.event_id = f.event_id WHERE f.rule = ?");
            args.add(f.rule());
            at = "f.at";
            tieBreak = "f.event_id";
        } else {
            sql.append(" FROM decisions d WHERE 1 = 1");
            at = "d.at";
            tieBreak = "d.seq";
        }
        if (f.q() != null) {
            sql.append(" AND (d.event_id = ? OR d.account = ? OR d.device = ? OR d.store = ?)");
            args.addAll(List.of(f.q(), f.q(), f.q(), f.q()));
        }
        where(sql, args, "d.decision", f.decision());
        where(sql, args, "d.account", f.accountId());
        where(sql, args, "d.device", f.deviceId());
        where(sql, args, "d.store", f.storeId());
        if (f.from() != null) {
            sql.append(" AND ").append(at).append(" >= ?");
            args.add(f.from().toEpochMilli());
        }
        if (f.to() != null) {
            sql.append(" AND ").append(at).append(" < ?");
            args.add(f.to().toEpochMilli());
        }
        // Each order is the one its index is kept in, so a page is read off the index, never sorted.
        sql.append(" ORDER BY ").append(at).append(" DESC, ").append(tieBreak).append(" DESC LIMIT ? OFFSET ?");
        args.add(size);
        args.add((long) page * size);
        return rows(sql.toString(), args);
    }

    private static void where(StringBuilder sql, List<Object> args, String column, String value) {
        if (value != null) {
            sql.append(" AND ").append(column).append(" = ?");
            args.add(value);
        }
    }

    private List<DecisionRow> rows(String sql, List<Object> args) {
        try (PreparedStatement p = index.reader().prepareStatement(sql)) {
            for (int i = 0; i < args.size(); i++) {
                p.setObject(i + 1, args.get(i));
            }
            try (ResultSet r = p.executeQuery()) {
                List<DecisionRow> out = new ArrayList<>();
                while (r.next()) {
                    out.add(DecisionRow.read(r));
                }
                return out;
            }
        } catch (SQLException e) {
            throw DecisionIndex.failed(e);
        }
    }

    public Optional<Detail> decision(String eventId) {
        Connection c = index.reader();
        try (PreparedStatement p = c.prepareStatement("SELECT " + DecisionRow.COLUMNS
                + ", d.event, d.answer, d.seen, d.label_reason, d.label_key, d.alerts FROM decisions d WHERE d.event_id = ?")) {
            p.setString(1, eventId);
            try (ResultSet r = p.executeQuery()) {
                if (!r.next()) {
                    return Optional.empty();
                }
                DecisionRow row = DecisionRow.read(r);
                String seen = r.getString(15);
                List<Alert> alerts = alerts(r.getString(18));
                JsonObject shadow = null;
                boolean agrees = true;
                try (PreparedStatement s = c.prepareStatement("SELECT reasons, agree FROM shadow WHERE event_id = ?")) {
                    s.setString(1, eventId);
                    try (ResultSet sr = s.executeQuery()) {
                        if (sr.next()) {
                            shadow = new JsonObject(sr.getString(1));
                            agrees = sr.getInt(2) == 1;
                        }
                    }
                }
                String holder = null;
                Instant until = null;
                try (PreparedStatement l = c.prepareStatement("SELECT key_id, until FROM leases WHERE event_id = ?")) {
                    l.setString(1, eventId);
                    try (ResultSet lr = l.executeQuery()) {
                        if (lr.next()) {
                            holder = lr.getString(1);
                            until = Instant.ofEpochMilli(lr.getLong(2));
                        }
                    }
                }
                return Optional.of(new Detail(row, r.getString(13), r.getString(14),
                        seen == null ? null : new JsonObject(seen), fired(c, eventId), feedback(c, eventId),
                        r.getString(16), r.getString(17), shadow, agrees, holder, until, alerts));
            }
        } catch (SQLException e) {
            throw DecisionIndex.failed(e);
        }
    }

    /** The alerts as the index holds them (the decision log line's {@code alerts} array); none when null. */
    private static List<Alert> alerts(String json) {
        if (json == null) {
            return List.of();
        }
        List<Alert> out = new ArrayList<>();
        for (Object o : new io.vertx.core.json.JsonArray(json)) {
            JsonObject a = (JsonObject) o;
            out.add(new Alert(a.getString("kind"), a.getString("rule"), a.getString("message")));
        }
        return out;
    }

    private static List<Fired> fired(Connection c, String eventId) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(
                "SELECT rule, points, message, staged FROM fired WHERE event_id = ? ORDER BY staged, points DESC, rule")) {
            p.setString(1, eventId);
            try (ResultSet r = p.executeQuery()) {
                List<Fired> out = new ArrayList<>();
                while (r.next()) {
                    out.add(new Fired(r.getString(1), r.getInt(2), r.getString(3), r.getInt(4) == 1));
                }
                return out;
            }
        }
    }

    private static List<String> feedback(Connection c, String eventId) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT outcome FROM feedback WHERE event_id = ? ORDER BY at")) {
            p.setString(1, eventId);
            try (ResultSet r = p.executeQuery()) {
                List<String> out = new ArrayList<>();
                while (r.next()) {
                    out.add(r.getString(1));
                }
                return out;
            }
        }
    }

    /**
     * Every rule that fired within the last {@code days} UTC days up to {@code now}, read from the per-day
     * counters: hits, hit rate (hits ÷ decisions), precision (fraud ÷ labelled hits), the three rules it
     * fires with most, and the shadow pack's disagreements that name it.
     */
    public RulesWindow rules(int days, Instant now) {
        long last = DecisionIndex.day(now);
        long first = last - days + 1;
        Connection c = index.reader();
        try {
            long decisions;
            long disagree;
            try (PreparedStatement p = c.prepareStatement(
                    "SELECT COALESCE(SUM(decisions), 0), COALESCE(SUM(shadow_disagree), 0) FROM day_totals WHERE day BETWEEN ? AND ?")) {
                p.setLong(1, first);
                p.setLong(2, last);
                try (ResultSet r = p.executeQuery()) {
                    r.next();
                    decisions = r.getLong(1);
                    disagree = r.getLong(2);
                }
            }
            List<RuleStats> rules = new ArrayList<>();
            try (PreparedStatement p = c.prepareStatement("""
                    SELECT rule, SUM(hits), SUM(fraud), SUM(legit), SUM(only_active), SUM(only_shadow) FROM rule_days
                    WHERE day BETWEEN ? AND ? GROUP BY rule ORDER BY SUM(hits) DESC, rule""")) {
                p.setLong(1, first);
                p.setLong(2, last);
                try (ResultSet r = p.executeQuery()) {
                    while (r.next()) {
                        long hits = r.getLong(2);
                        long fraud = r.getLong(3);
                        long legit = r.getLong(4);
                        rules.add(new RuleStats(r.getString(1), hits, decisions == 0 ? 0 : (double) hits / decisions,
                                fraud, legit, fraud + legit == 0 ? null : (double) fraud / (fraud + legit),
                                r.getLong(5), r.getLong(6), List.of()));
                    }
                }
            }
            List<RuleStats> withPairs = new ArrayList<>(rules.size());
            try (PreparedStatement p = c.prepareStatement("""
                    SELECT other, SUM(hits) AS n FROM pair_days WHERE rule = ? AND day BETWEEN ? AND ?
                    GROUP BY other ORDER BY n DESC, other LIMIT 3""")) {
                for (RuleStats s : rules) {
                    p.setString(1, s.rule());
                    p.setLong(2, first);
                    p.setLong(3, last);
                    List<String> pairs = new ArrayList<>();
                    try (ResultSet r = p.executeQuery()) {
                        while (r.next()) {
                            pairs.add(r.getString(1) + " (" + r.getLong(2) + ")");
                        }
                    }
                    withPairs.add(new RuleStats(s.rule(), s.hits(), s.hitRate(), s.fraud(), s.legit(), s.precision(),
                            s.onlyActive(), s.onlyShadow(), pairs));
                }
            }
            return new RulesWindow(days, decisions, disagree, withPairs);
        } catch (SQLException e) {
            throw DecisionIndex.failed(e);
        }
    }

    /** The distinct values of {@code column} ("device", "store", "account") among {@code rows}, in order. */
    public static List<String> distinct(List<DecisionRow> rows, java.util.function.Function<DecisionRow, String> column) {
        return rows.stream().map(column).filter(java.util.Objects::nonNull).distinct().toList();
    }
}
