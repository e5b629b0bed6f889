package dev.riskgate.scoring;

import dev.riskgate.decision.Decision;
import dev.riskgate.decision.Reason;
import dev.riskgate.decision.Verdict;
import dev.riskgate.state.AccountState;
import dev.riskgate.state.Commit;
import dev.riskgate.state.DecisionRecord;
import dev.riskgate.state.HistoryOp;
import dev.riskgate.state.OwnerFreeze;
import dev.riskgate.state.StateKeys;
import dev.riskgate.state.StateStore;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * An account its owner froze ("not me" on an alert): every later event on it is BLOCKed with the reason
 * {@value #RULE}, on every instance, until the gateway unfreezes it. The freeze is account state, a
 * {@link HistoryOp.Freeze} folded into the account like its attempts ({@link AccountState#freeze()}): the
 * snapshot a decision reads anyway carries it (no read of its own), it is written atomically with the
 * account's other operations on every store, and it is kept however old, never pruned or expired.
 */
public final class AccountFreeze {

    public static final String RULE = "account frozen by its owner";
    /** The event id a freeze's commit is filed under (it has no event of its own). */
    private static final String KEY = "account-freeze:";
    /** The device a freeze's commit names: none (it writes only the account). */
    private static final String NO_DEVICE = "-";
    private static final String VERSION = "owner";

    private AccountFreeze() {
    }

    /** The freeze on {@code accountId}, if it is frozen now. */
    public static Optional<OwnerFreeze> of(StateStore store, String accountId) {
        return Optional.ofNullable(store.snapshot(keys(accountId)).account().freeze()).filter(OwnerFreeze::frozen);
    }

    /** Freezes or unfreezes {@code accountId}; {@code why} is said in every blocked answer. Returns whether it changed. */
    public static boolean set(StateStore store, String accountId, boolean frozen, String why, Instant at) {
        StateKeys keys = keys(accountId);
        OwnerFreeze current = store.snapshot(keys).account().freeze();
        if ((current != null && current.frozen()) == frozen) {
            return false;
        }
        // A change never earlier than the one it replaces: the fold keeps the later of two (clocks of two
        // instances may disagree by a little).
        Instant when = current != null && !at.isAfter(current.at()) ? current.at().plusNanos(1) : at;
        store.apply(new Commit(keys, null, null,
                List.of(new HistoryOp.Freeze(new OwnerFreeze(frozen, frozen ? why : "", when))), List.of(), List.of()));
        return true;
    }

    private static StateKeys keys(String accountId) {
        return new StateKeys(KEY + accountId, accountId, NO_DEVICE, null);
    }

    /**
     * Marks {@code key} used, once: true for the first caller on any instance, false for every later one
     * (an owner's token answered twice). The mark is a stored record under {@code key}: compact past the
     * idempotency window, still refusing a second mark until the feedback window ends (180 days by
     * default, far past a token's 7).
     */
    public static boolean markOnce(StateStore store, String key, String accountId, Instant at) {
        Decision used = new Decision(key, Verdict.ALLOW, 0, List.of(), VERSION);
        return store.apply(new Commit(new StateKeys(key, accountId, NO_DEVICE, null), null,
                new DecisionRecord(used, "", accountId, NO_DEVICE, null, at, List.of()), List.of(), List.of(),
                List.of())).applied();
    }

    /** The answer to an event on a frozen account: BLOCK, naming the freeze. */
    static Decision blocked(String eventId, OwnerFreeze freeze, String rulesVersion) {
        return new Decision(eventId, Verdict.BLOCK, 100, List.of(new Reason(RULE, 100, freeze.why())), rulesVersion);
    }
}
