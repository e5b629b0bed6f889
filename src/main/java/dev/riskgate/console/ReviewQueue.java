package dev.riskgate.console;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * STEP_UP and BLOCK decisions without a FRAUD or LEGIT label, latest first (docs/console.md). An analyst
 * claims the next case with a lease that expires: claims take turns on the index's one writer, so two
 * sessions never hold the same case; an analyst who walks away loses the case when the lease runs out and
 * the next claim hands it to someone else. Labelling needs the lease (or no live lease at all).
 */
public final class ReviewQueue {

    public static final Duration DEFAULT_LEASE = Duration.ofMinutes(10);
    private static final String WAITING = "d.label IS NULL AND d.degraded = 0 AND d.decision IN ('STEP_UP', 'BLOCK')";

    /** A case held: the event and when the lease runs out. */
    public record Lease(String eventId, java.time.Instant until) {
    }

    private final DecisionIndex index;
    private final Clock clock;
    private final Duration lease;

    public ReviewQueue(DecisionIndex index, Clock clock, Duration lease) {
        if (lease.isNegative() || lease.isZero()) {
            throw new IllegalArgumentException("the review lease must be positive, was " + lease);
        }
        this.index = index;
        this.clock = clock;
        this.lease = lease;
    }

    /**
     * The case {@code holder} (a console session) already holds, its lease renewed, or else the latest
     * waiting case nobody holds, now leased to {@code holder}; empty when the queue is empty.
     */
    public Optional<Lease> claim(String holder, String keyId) {
        long now = clock.millis();
        long until = now + lease.toMillis();
        return index.write(c -> {
            String eventId = null;
            try (PreparedStatement p = c.prepareStatement("""
                    SELECT l.event_id FROM leases l JOIN decisions d ON d.event_id = l.event_id
                    WHERE l.holder = ? AND l.until > ? AND d.label IS NULL LIMIT 1""")) {
                p.setString(1, holder);
                p.setLong(2, now);
                try (ResultSet r = p.executeQuery()) {
                    if (r.next()) {
                        eventId = r.getString(1);
                    }
                }
            }
            if (eventId == null) {
                try (PreparedStatement p = c.prepareStatement("SELECT d.event_id FROM decisions d WHERE " + WAITING
                        + " AND NOT EXISTS (SELECT 1 FROM leases l WHERE l.event_id = d.event_id AND l.until > ?)"
                        + " ORDER BY d.at DESC LIMIT 1")) {
                    p.setLong(1, now);
                    try (ResultSet r = p.executeQuery()) {
                        if (r.next()) {
                            eventId = r.getString(1);
                        }
                    }
                }
            }
            if (eventId == null) {
                return Optional.<Lease>empty();
            }
            try (PreparedStatement p = c.prepareStatement("""
                    INSERT INTO leases(event_id, holder, key_id, until) VALUES (?, ?, ?, ?)
                    ON CONFLICT(event_id) DO UPDATE SET holder = excluded.holder, key_id = excluded.key_id, until = excluded.until""")) {
                p.setString(1, eventId);
                p.setString(2, holder);
                p.setString(3, keyId);
                p.setLong(4, until);
                p.executeUpdate();
            }
            return Optional.of(new Lease(eventId, java.time.Instant.ofEpochMilli(until)));
        });
    }

    /** The unlabelled case {@code holder} holds a live lease on, if any. */
    public Optional<Lease> current(String holder) {
        long now = clock.millis();
        try (PreparedStatement p = index.reader().prepareStatement("""
                SELECT l.event_id, l.until FROM leases l JOIN decisions d ON d.event_id = l.event_id
                WHERE l.holder = ? AND l.until > ? AND d.label IS NULL LIMIT 1""")) {
            p.setString(1, holder);
            p.setLong(2, now);
            try (ResultSet r = p.executeQuery()) {
                return r.next() ? Optional.of(new Lease(r.getString(1), java.time.Instant.ofEpochMilli(r.getLong(2))))
                        : Optional.empty();
            }
        } catch (java.sql.SQLException e) {
            throw DecisionIndex.failed(e);
        }
    }

    /** True when nobody but {@code holder} holds a live lease on {@code eventId}. */
    public boolean mayLabel(String eventId, String holder) {
        long now = clock.millis();
        return index.write(c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT holder FROM leases WHERE event_id = ? AND until > ?")) {
                p.setString(1, eventId);
                p.setLong(2, now);
                try (ResultSet r = p.executeQuery()) {
                    return !r.next() || r.getString(1).equals(holder);
                }
            }
        });
    }

    /**
     * Writes a label the state store has recorded into the index at once (the feed's echo of the same
     * feedback then changes nothing) and ends the lease, so the next claim moves on.
     */
    public void labelled(String eventId, String outcome, String reason, String keyId) {
        index.apply(List.of(new DecisionIndex.Labelled(eventId, outcome, reason, keyId, clock.instant())));
        index.write(c -> {
            try (PreparedStatement p = c.prepareStatement("DELETE FROM leases WHERE event_id = ?")) {
                p.setString(1, eventId);
                return p.executeUpdate();
            }
        });
    }

    /** Cases waiting for a verdict (up to {@code cap}: the count stops there, so it stays cheap). */
    public long waiting(int cap) {
        try (PreparedStatement p = index.reader().prepareStatement(
                "SELECT COUNT(*) FROM (SELECT 1 FROM decisions d WHERE " + WAITING + " LIMIT ?)")) {
            p.setInt(1, cap);
            try (ResultSet r = p.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        } catch (java.sql.SQLException e) {
            throw DecisionIndex.failed(e);
        }
    }
}
