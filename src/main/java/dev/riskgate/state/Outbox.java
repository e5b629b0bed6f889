package dev.riskgate.state;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The alerts committed with their decisions ({@link Commit#alerts()}) and not yet delivered. Delivery is
 * at least once: an entry is claimed for a lease, then marked delivered, or put back for a later attempt;
 * a claim whose holder died comes due again when its lease ends. While a lease runs no other claimant (no
 * other thread, no other instance on the same Redis) gets the entry. Implementations: the embedded journal
 * store's, Redis's and the in-memory store's.
 */
public interface Outbox {

    /** Claims up to {@code max} entries due now, each for {@code lease}. */
    List<OutboxEntry> claimDue(int max, Duration lease);

    /** Claims {@code alertId} of {@code eventId} for {@code lease} if it is due now (just committed, say). */
    Optional<OutboxEntry> claim(String alertId, String eventId, Duration lease);

    /** The entry was delivered (or given up, to the dead letters): it is never claimed again. */
    void done(OutboxEntry entry, boolean delivered);

    /** The attempt failed: the entry comes due again at {@code when}. */
    void retryAt(OutboxEntry entry, Instant when);

    /**
     * Queues a done entry again, due now (an operator's redelivery of a dead letter or a delivered alert);
     * false when the store no longer holds it. A pending entry is made due now.
     */
    boolean requeue(String alertId, String eventId);

    /** Entries not yet done, and the commit time of the oldest (for the stuck-outbox alert). */
    Backlog backlog();

    record Backlog(long pending, Optional<Instant> oldest) {
    }

    /** A store without an outbox: alerts committed to it are not kept. */
    Outbox NONE = new Outbox() {
        @Override
        public List<OutboxEntry> claimDue(int max, Duration lease) {
            return List.of();
        }

        @Override
        public Optional<OutboxEntry> claim(String alertId, String eventId, Duration lease) {
            return Optional.empty();
        }

        @Override
        public void done(OutboxEntry entry, boolean delivered) {
        }

        @Override
        public void retryAt(OutboxEntry entry, Instant when) {
        }

        @Override
        public boolean requeue(String alertId, String eventId) {
            return false;
        }

        @Override
        public Backlog backlog() {
            return new Backlog(0, Optional.empty());
        }
    };
}
