package dev.riskgate.state.memory;

import dev.riskgate.state.AccountState;
import dev.riskgate.state.Applied;
import dev.riskgate.state.Commit;
import dev.riskgate.state.DecisionRecord;
import dev.riskgate.state.EventLog;
import dev.riskgate.state.Histories;
import dev.riskgate.state.KeyLocks;
import dev.riskgate.state.Snapshot;
import dev.riskgate.state.StateKeys;
import dev.riskgate.state.StateStore;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Scratch state in the heap, for replays: a backtest starts from fresh state and throws it away, so it
 * needs the store's semantics (atomic commits, histories folded by {@code Histories}) but none of its
 * durability. Not for serving: nothing here survives the process, and nothing expires but what
 * {@code Histories} prunes.
 */
public final class MemoryStateStore implements StateStore {

    private final ConcurrentHashMap<String, DecisionRecord> decisions = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, AccountState> accounts = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, EventLog> devices = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, EventLog> stores = new ConcurrentHashMap<>();
    private final KeyLocks locks = new KeyLocks();

    @Override
    public Optional<DecisionRecord> decision(String eventId) {
        return Optional.ofNullable(decisions.get(eventId));
    }

    @Override
    public Snapshot snapshot(StateKeys keys) {
        return new Snapshot(decision(keys.eventId()),
                accounts.getOrDefault(keys.accountId(), AccountState.EMPTY),
                devices.getOrDefault(keys.deviceId(), EventLog.EMPTY),
                keys.storeId() == null ? EventLog.EMPTY : stores.getOrDefault(keys.storeId(), EventLog.EMPTY));
    }

    @Override
    public Applied apply(Commit commit) {
        StateKeys keys = commit.keys();
        // Held only while folding: readers never wait, and the rules never run under these locks.
        return locks.withLocks(() -> {
            DecisionRecord stored = decisions.get(keys.eventId());
            if (commit.record() != null && !Objects.equals(stored, commit.expected())) {
                return new Applied(false, stored);
            }
            if (!commit.account().isEmpty()) {
                accounts.compute(keys.accountId(),
                        (k, v) -> Histories.fold(v == null ? AccountState.EMPTY : v, commit.account()));
            }
            if (!commit.device().isEmpty()) {
                devices.compute(keys.deviceId(), (k, v) -> Histories.fold(v == null ? EventLog.EMPTY : v, commit.device()));
            }
            if (!commit.store().isEmpty()) {
                stores.compute(keys.storeId(), (k, v) -> Histories.fold(v == null ? EventLog.EMPTY : v, commit.store()));
            }
            if (commit.record() != null) {
                decisions.put(keys.eventId(), commit.record());
            }
            return new Applied(true, commit.record() != null ? commit.record() : stored);
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
