package dev.riskgate.state;

import java.util.List;
import java.util.Objects;

/**
 * What one unit of work writes: history operations per key, and the event's idempotency record.
 * {@link StateStore#apply} applies all of it or none of it, guarded by the record:
 * <ul>
 *   <li>{@code record} set, {@code expected} null (a decision): applied only if no record is stored for
 *       the event yet;</li>
 *   <li>{@code record} and {@code expected} set (feedback): applied only if the stored record still
 *       equals {@code expected}, which is then replaced by {@code record};</li>
 *   <li>{@code record} null (a warm-start import): the operations are applied unconditionally (they are
 *       idempotent, see {@link HistoryOp}).</li>
 * </ul>
 * {@code alerts}: the decision's alerts, put in the store's {@link Outbox} by the same atomic step as the
 * record (only with a decision's record).
 */
public record Commit(StateKeys keys, DecisionRecord expected, DecisionRecord record,
                     List<HistoryOp> account, List<HistoryOp> device, List<HistoryOp> store, List<OutboxEntry> alerts) {

    public Commit(StateKeys keys, DecisionRecord expected, DecisionRecord record,
                  List<HistoryOp> account, List<HistoryOp> device, List<HistoryOp> store) {
        this(keys, expected, record, account, device, store, List.of());
    }

    public Commit {
        Objects.requireNonNull(keys, "keys");
        if (expected != null && record == null) {
            throw new IllegalArgumentException("a commit that expects a stored record must carry its replacement");
        }
        if (record != null && !record.eventId().equals(keys.eventId())) {
            throw new IllegalArgumentException("record is for " + record.eventId() + ", keys for " + keys.eventId());
        }
        account = List.copyOf(account);
        device = List.copyOf(device);
        store = keys.storeId() == null ? List.of() : List.copyOf(store);
        alerts = alerts == null ? List.of() : List.copyOf(alerts);
        if (!alerts.isEmpty() && (record == null || expected != null)) {
            throw new IllegalArgumentException("alerts are committed only with a decision's record");
        }
    }

    /** This decision's commit, with its alerts for the outbox. */
    public Commit withAlerts(List<OutboxEntry> entries) {
        return new Commit(keys, expected, record, account, device, store, entries);
    }

    /** An attempt appended to the account and the device, and to the store when it remembers it. */
    public static Commit append(StateKeys keys, DecisionRecord record, HistoryEvent attempt, boolean storeRemembers) {
        List<HistoryOp> op = List.of(new HistoryOp.Append(attempt));
        return new Commit(keys, null, record, op, op, storeRemembers ? op : List.of());
    }

    /** Feedback: the record replaced, and the event restatused everywhere it is remembered ({@code next} null: a label only). */
    public static Commit feedback(StateKeys keys, DecisionRecord expected, DecisionRecord updated, Status next) {
        List<HistoryOp> op = next == null ? List.of() : List.of(new HistoryOp.Restatus(keys.eventId(), next));
        return new Commit(keys, expected, updated, op, op, op);
    }
}
