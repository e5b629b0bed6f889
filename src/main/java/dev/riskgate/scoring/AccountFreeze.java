package dev.riskgate.scoring;

import dev.riskgate.decision.Decision;
import dev.riskgate.decision.Reason;
import dev.riskgate.decision.Verdict;
import dev.riskgate.state.Commit;
import dev.riskgate.state.DecisionRecord;
import dev.riskgate.state.StateKeys;
import dev.riskgate.state.StateStore;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * An account its owner froze ("not me" on an alert): every later event on it is BLOCKed with the reason
 * {@value #RULE}, on every instance, until the gateway unfreezes it. The freeze is kept as a record of
 * the store under a key of its own ({@code account-freeze:<accountId>}), written and replaced with the
 * same compare-and-set as feedback, so it is durable and shared like any stored answer (and, like one, kept
 * {@link dev.riskgate.state.Retention#DECISIONS}). A once-only mark (an owner's token) is kept the same way.
 */
public final class AccountFreeze {

    public static final String RULE = "account frozen by its owner";
    private static final String KEY = "account-freeze:";
    private static final String VERSION = "owner";

    private AccountFreeze() {
    }

    /** The freeze on {@code accountId}, if it is frozen now. */
    public static Optional<DecisionRecord> of(StateStore store, String accountId) {
        return store.decision(KEY + accountId).filter(r -> r.answer().decision() == Verdict.BLOCK);
    }

    /** Freezes or unfreezes {@code accountId}; {@code why} is said in every blocked answer. Returns whether it changed. */
    public static boolean set(StateStore store, String accountId, boolean frozen, String why, Instant at) {
        String key = KEY + accountId;
        while (true) {
            DecisionRecord current = store.decision(key).orElse(null);
            boolean isFrozen = current != null && current.answer().decision() == Verdict.BLOCK;
            if (isFrozen == frozen) {
                return false;
            }
            Decision state = new Decision(key, frozen ? Verdict.BLOCK : Verdict.ALLOW, frozen ? 100 : 0,
                    frozen ? List.of(new Reason(RULE, 100, why)) : List.of(), VERSION);
            DecisionRecord next = new DecisionRecord(state, "", accountId, "-", null, at, List.of());
            if (store.apply(new Commit(new StateKeys(key, accountId, "-", null), current, next, List.of(), List.of(),
                    List.of())).applied()) {
                return true;
            }
        }
    }

    /**
     * Marks {@code key} used, once: true for the first caller on any instance, false for every later one
     * (an owner's token answered twice).
     */
    public static boolean markOnce(StateStore store, String key, String accountId, Instant at) {
        Decision used = new Decision(key, Verdict.ALLOW, 0, List.of(), VERSION);
        return store.apply(new Commit(new StateKeys(key, accountId, "-", null), null,
                new DecisionRecord(used, "", accountId, "-", null, at, List.of()), List.of(), List.of(), List.of())).applied();
    }

    /** The answer to an event on a frozen account: BLOCK, naming the freeze. */
    static Decision blocked(String eventId, DecisionRecord freeze, String rulesVersion) {
        return new Decision(eventId, Verdict.BLOCK, 100, freeze.answer().reasons(), rulesVersion);
    }
}
