package dev.riskgate.console;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;

/** A decision as a list shows it: the row of the index, with its three top reasons and its label. */
public record DecisionRow(String eventId, Instant at, String type, String decision, int score, boolean degraded,
                          String accountId, String deviceId, String storeId, String rulesVersion, String topReasons,
                          String label) {

    static final String COLUMNS = "d.event_id, d.at, d.type, d.decision, d.score, d.degraded, d.account, d.device, "
            + "d.store, d.rules_version, d.top_reasons, d.label";

    static DecisionRow read(ResultSet r) throws SQLException {
        return new DecisionRow(r.getString(1), Instant.ofEpochMilli(r.getLong(2)), r.getString(3), r.getString(4),
                r.getInt(5), r.getInt(6) == 1, r.getString(7), r.getString(8), r.getString(9), r.getString(10),
                r.getString(11), r.getString(12));
    }
}
