package dev.riskgate.state;

/**
 * What a unit of work wants written, and what it answers. A null part is left as it is; a change whose
 * parts are all null writes nothing (a retry, a rejected feedback).
 */
public record Change<R>(R result, DecisionRecord decision, AccountState account, EventLog device, EventLog store) {

    public static <R> Change<R> none(R result) {
        return new Change<>(result, null, null, null, null);
    }

    public boolean writesNothing() {
        return decision == null && account == null && device == null && store == null;
    }
}
