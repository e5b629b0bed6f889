package dev.riskgate.state;

import java.util.Objects;

/**
 * One change to one history (an account, a device or a store). What an operation does to a history is
 * defined once, by {@link Histories#fold}; stores only keep operations, or their fold, per key.
 *
 * <p>Both kinds are idempotent, so a retried write or a log replayed over a snapshot that already holds
 * part of it changes nothing: an append of an event the history already holds is ignored, and a restatus
 * only ever moves an event forward ({@link Status#canBecome}), and a freeze or unfreeze stands only if it
 * is later than the account's last one.
 */
public sealed interface HistoryOp permits HistoryOp.Append, HistoryOp.Restatus, HistoryOp.Freeze {

    String eventId();

    /** An attempt enters the history. */
    record Append(HistoryEvent event) implements HistoryOp {
        public Append {
            Objects.requireNonNull(event, "event");
        }

        @Override
        public String eventId() {
            return event.eventId();
        }
    }

    /** An event already in the history changes status after feedback; a history without it is unchanged. */
    record Restatus(String eventId, Status status) implements HistoryOp {
        public Restatus {
            Objects.requireNonNull(eventId, "eventId");
            Objects.requireNonNull(status, "status");
        }
    }

    /**
     * The account's owner froze it, or the gateway lifted the freeze: account state, kept by the fold
     * however old (never pruned with old attempts). Only account histories take it; device and store logs
     * ignore it.
     */
    record Freeze(OwnerFreeze freeze) implements HistoryOp {
        public Freeze {
            Objects.requireNonNull(freeze, "freeze");
        }

        /** Not an event's: a name for logs, unique per change. */
        @Override
        public String eventId() {
            return (freeze.frozen() ? "freeze@" : "unfreeze@") + freeze.at();
        }
    }
}
