package dev.riskgate.state.redis;

import dev.riskgate.state.Outbox;
import dev.riskgate.state.OutboxEntry;
import dev.riskgate.state.codec.EarlierLayout;
import dev.riskgate.state.codec.StateIn;
import dev.riskgate.state.codec.StateOut;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScoredValue;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The Redis store's outbox. A decision's alerts are written by its record script: the entries in a key
 * of their own in the event's slot ({@code al:{<tag>}<eventId>}, kept as long as the event's record), their ids in a sorted set per hash slot ({@code o:{<tag>}}, the event's slot)
 * scored by when each is due. Claiming is one script on those two keys: an entry due now is moved to the
 * end of its lease and returned, so of N instances sharing the Redis exactly one gets it while the lease
 * runs; a claimant that dies leaves it to come due again. Done removes the id; a retry re-scores it.
 */
final class RedisOutbox implements Outbox {

    /** The format byte of an alerts value. */
    private static final byte FORMAT = 1;

    /** KEYS: the slot's outbox, the event's alerts. ARGV: now ms, lease end ms, alert id. The event's alerts, or ''. */
    static final String CLAIM = """
            local due = redis.call('ZSCORE', KEYS[1], ARGV[3])
            if not due or tonumber(due) > tonumber(ARGV[1]) then return {''} end
            local alerts = redis.call('GET', KEYS[2])
            if not alerts then
              redis.call('ZREM', KEYS[1], ARGV[3])
              return {''}
            end
            redis.call('ZADD', KEYS[1], ARGV[2], ARGV[3])
            return {alerts}
            """;
    /** KEYS as CLAIM's; ARGV: now ms, alert id. Due now, if the event's alerts are still kept. */
    static final String REQUEUE = """
            if redis.call('EXISTS', KEYS[2]) == 0 then return {0} end
            redis.call('ZADD', KEYS[1], ARGV[1], ARGV[2])
            return {1}
            """;
    private static final int SCAN_BATCH = 1024;

    private final RedisStateStore store;
    private final RedisClusterAsyncCommands<String, byte[]> redis;
    private final String prefix;

    RedisOutbox(RedisStateStore store, RedisClusterAsyncCommands<String, byte[]> redis, String prefix) {
        this.store = store;
        this.redis = redis;
        this.prefix = prefix;
    }

    @Override
    public List<OutboxEntry> claimDue(int max, Duration lease) {
        Range<Long> due = Range.from(Range.Boundary.unbounded(), Range.Boundary.including(System.currentTimeMillis()));
        List<OutboxEntry> out = new ArrayList<>();
        for (int from = 0; from < PendingIndex.SLOTS && out.size() < max; from += SCAN_BATCH) {
            long until = until();
            List<RedisFuture<List<byte[]>>> listed = new ArrayList<>(SCAN_BATCH);
            for (int slot = from; slot < Math.min(from + SCAN_BATCH, PendingIndex.SLOTS); slot++) {
                listed.add(redis.zrangebyscore(PendingIndex.outboxKey(prefix, slot), due, Limit.create(0, max)));
            }
            for (RedisFuture<List<byte[]>> ids : listed) {
                for (byte[] id : store.await(ids, until)) {
                    String alertId = new String(id, StandardCharsets.UTF_8);
                    if (out.size() < max) {
                        claim(alertId, dev.riskgate.decision.AlertIds.eventOf(alertId), lease).ifPresent(out::add);
                    }
                }
            }
        }
        return out;
    }

    @Override
    public Optional<OutboxEntry> claim(String alertId, String eventId, Duration lease) {
        String event = store.eventKey(eventId);
        long now = System.currentTimeMillis();
        List<Object> got = store.script(CLAIM, new String[] {PendingIndex.outboxKeyFor(prefix, event),
                        store.alertsKey(eventId)}, until(),
                Long.toString(now).getBytes(), Long.toString(now + lease.toMillis()).getBytes(),
                alertId.getBytes(StandardCharsets.UTF_8));
        byte[] alerts = (byte[]) got.get(0);
        return alerts.length == 0 ? Optional.empty()
                : decode(alerts).stream().filter(a -> a.alertId().equals(alertId)).findFirst();
    }

    @Override
    public void done(OutboxEntry entry, boolean delivered) {
        store.await(redis.zrem(outboxKey(entry), entry.alertId().getBytes(StandardCharsets.UTF_8)), until());
    }

    @Override
    public boolean requeue(String alertId, String eventId) {
        String event = store.eventKey(eventId);
        List<Object> got = store.script(REQUEUE, new String[] {PendingIndex.outboxKeyFor(prefix, event),
                        store.alertsKey(eventId)}, until(),
                Long.toString(System.currentTimeMillis()).getBytes(), alertId.getBytes(StandardCharsets.UTF_8));
        return (Long) got.get(0) == 1L;
    }

    @Override
    public void retryAt(OutboxEntry entry, Instant when) {
        store.await(redis.zadd(outboxKey(entry), io.lettuce.core.ZAddArgs.Builder.xx(), (double) when.toEpochMilli(),
                entry.alertId().getBytes(StandardCharsets.UTF_8)), until());
    }

    /** Pending entries, and the earliest due time among them (a first attempt is due when committed). */
    @Override
    public Backlog backlog() {
        long pending = 0;
        double oldest = Double.MAX_VALUE;
        for (int from = 0; from < PendingIndex.SLOTS; from += SCAN_BATCH) {
            long until = until();
            List<RedisFuture<List<ScoredValue<byte[]>>>> firsts = new ArrayList<>(SCAN_BATCH);
            List<RedisFuture<Long>> counts = new ArrayList<>(SCAN_BATCH);
            for (int slot = from; slot < Math.min(from + SCAN_BATCH, PendingIndex.SLOTS); slot++) {
                counts.add(redis.zcard(PendingIndex.outboxKey(prefix, slot)));
                firsts.add(redis.zrangeWithScores(PendingIndex.outboxKey(prefix, slot), 0, 0));
            }
            for (int i = 0; i < counts.size(); i++) {
                pending += store.await(counts.get(i), until);
                for (ScoredValue<byte[]> first : store.await(firsts.get(i), until)) {
                    oldest = Math.min(oldest, first.getScore());
                }
            }
        }
        return new Backlog(pending, pending == 0 ? Optional.empty() : Optional.of(Instant.ofEpochMilli((long) oldest)));
    }

    private String outboxKey(OutboxEntry entry) {
        return PendingIndex.outboxKeyFor(prefix, store.eventKey(entry.eventId()));
    }

    private static long until() {
        return System.nanoTime() + RedisStateStore.DEFAULT_TIMEOUT.toNanos();
    }

    /** An event's alerts as its alerts key holds them: a format byte, then {@link EarlierLayout#ALERTS}; none is empty. */
    static byte[] encode(List<OutboxEntry> entries) {
        if (entries.isEmpty()) {
            return new byte[0];
        }
        StateOut out = new StateOut(64 + 256 * entries.size());
        out.u8(FORMAT);
        EarlierLayout.ALERTS.write(out, entries);
        return out.toBytes();
    }

    static List<OutboxEntry> decode(byte[] bytes) {
        return EarlierLayout.ALERTS.read(new StateIn(bytes, 1, bytes.length));
    }
}
