package dev.riskgate.state;

import java.util.Optional;

/**
 * Durable account, device and store history plus each event's idempotency record. A store keeps
 * {@link HistoryOp operations} per key and answers with their fold ({@link Histories#fold}); what an
 * operation means is never decided by a store. Implementations: the embedded journal store (serving,
 * one box) and the in-memory store (replays and backtests, nothing durable).
 *
 * <p>A decision is {@code snapshot}, rules, {@code apply}. Nothing is held between the two calls, so two
 * decisions on one key may read the same snapshot; serialising decisions on one account is the caller's
 * choice ({@code Scorer} does it in-process). No update is lost either way: operations on one key are
 * appended, never read-modify-written by the caller.
 */
public interface StateStore extends AutoCloseable {

    /**
     * The stored record for an event, if it is still kept: whole during the idempotency window, then
     * {@link DecisionRecord#compact() compact} until the feedback window ends ({@link AnswerWindows}).
     * A snapshot's record and the record a refused commit returns follow the same rule.
     */
    Optional<DecisionRecord> decision(String eventId);

    /**
     * The event's record and the folded account, device and store histories for {@code keys} (an empty
     * history for a key never written; an empty store log when {@code storeId} is null). Each part
     * reflects every commit acknowledged before the call; parts are not guaranteed to be cut at the same
     * instant as each other.
     */
    Snapshot snapshot(StateKeys keys);

    /**
     * Applies {@code commit} as one atomic step: either the record and every operation on every key are
     * written, or nothing is (see {@link Commit} for when a commit is refused). Operations on one key are
     * applied in the order commits are accepted, and a concurrent commit on the same keys never loses one.
     * Once this returns, the commit survives a crash of the process (and, where the store says so, of the
     * machine). A refused commit writes nothing, so a retried decision never applies twice.
     *
     * <p>A store whose keys cannot share one transaction (Redis Cluster: account, device, store and event
     * live in different slots) meets this by writing the record together with its operations first, then
     * applying them key by key; whoever finds a record whose operations are not yet everywhere (a retry,
     * a reader, a sweeper) applies them again, which the operations make harmless. Such a store may let a
     * reader see one key ahead of another for a moment, never an operation lost or applied twice.
     *
     * @throws StateUnavailable when the store cannot be written; nothing was applied
     */
    Applied apply(Commit commit);

    /**
     * Returns when the store can serve decisions; throws {@link StateUnavailable} while it cannot be read,
     * or while its writes fail (a full disk under the embedded store), so {@code /health} says DEGRADED.
     * The default reads one record.
     */
    default void checkHealth() {
        decision("health-probe");
    }

    /**
     * Gets ready for the first decision: opens what it would otherwise wait for (connections, scripts a
     * server must load). Called before the service says it is healthy; writes nothing.
     *
     * @throws StateUnavailable when the store cannot be reached
     */
    default void prepare() {
    }

    /** Where the alerts committed with decisions wait for delivery; {@link Outbox#NONE} for a store that keeps none. */
    default Outbox outbox() {
        return Outbox.NONE;
    }

    @Override
    void close();
}
