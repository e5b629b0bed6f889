package dev.riskgate.state.memory;

import dev.riskgate.state.AccountState;
import dev.riskgate.state.Change;
import dev.riskgate.state.DecisionRecord;
import dev.riskgate.state.EventLog;
import dev.riskgate.state.KeyLocks;
import dev.riskgate.state.Snapshot;
import dev.riskgate.state.StateKeys;
import dev.riskgate.state.StateStore;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Scratch state in the heap, for replays: a backtest starts from fresh state and throws it away, so it
 * needs the store's semantics (atomic per key set, history pruned by {@code Histories}) but none of its
 * durability, and a million events should not pay for serialising every row. Not for serving: nothing
 * here survives the process, and nothing expires but what {@code Histories} prunes.
 */
public final class MemoryStateStore implements StateStore {

    private final ConcurrentHashMap<String, DecisionRecord> decisions = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, AccountState> accounts = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, EventLog> devices = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, EventLog> stores = new ConcurrentHashMap<>();
    private final KeyLocks locks = new KeyLocks(1024);

    @Override
    public Optional<DecisionRecord> decision(String eventId) {
        return Optional.ofNullable(decisions.get(eventId));
    }

    @Override
    public <R> R atomically(StateKeys keys, Function<Snapshot, Change<R>> work) {
        return locks.withLocks(() -> {
            Snapshot snapshot = new Snapshot(Optional.ofNullable(decisions.get(keys.eventId())),
                    accounts.getOrDefault(keys.accountId(), AccountState.EMPTY),
                    devices.getOrDefault(keys.deviceId(), EventLog.EMPTY),
                    keys.storeId() == null ? EventLog.EMPTY : stores.getOrDefault(keys.storeId(), EventLog.EMPTY));
            Change<R> change = work.apply(snapshot);
            if (change.decision() != null) {
                decisions.put(keys.eventId(), change.decision());
            }
            if (change.account() != null) {
                accounts.put(keys.accountId(), change.account());
            }
            if (change.device() != null) {
                devices.put(keys.deviceId(), change.device());
            }
            if (change.store() != null && keys.storeId() != null) {
                stores.put(keys.storeId(), change.store());
            }
            return change.result();
        }, "e:" + keys.eventId(), "a:" + keys.accountId(), "d:" + keys.deviceId(),
                keys.storeId() == null ? null : "s:" + keys.storeId());
    }

    @Override
    public void close() {
        decisions.clear();
        accounts.clear();
        devices.clear();
        stores.clear();
    }
}
