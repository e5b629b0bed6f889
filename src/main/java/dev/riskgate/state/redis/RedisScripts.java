package dev.riskgate.state.redis;

import java.util.List;

/**
 * The Lua scripts of the {@link RedisStateStore}, each with the keys and arguments it takes. Every script's
 * keys share one hash slot ({@link PendingIndex}), so each runs on a Redis Cluster too, except {@link
 * #COMMIT_AT_ONCE} and {@link #SNAPSHOT}: they span a decision's keys and run only where every key is on
 * one server. The outbox's own scripts live in {@link RedisOutbox}.
 */
final class RedisScripts {

    /**
     * KEYS: the event, its slot's {@link PendingIndex}, the event's answer key, the event's alerts key, its
     * slot's outbox. ARGV: expected record (empty: none may be stored), new record, operations, feedback
     * window ms, now ms, event id, the answer (empty: leave it as it is), how long to keep the answer in ms,
     * the expected record as an earlier version stored it (empty: none), the decision's alerts (empty:
     * none), then their ids. The event is listed as pending with its record, and each alert queued in the
     * outbox ({@link RedisOutbox}), in the same step. A refusal returns the stored record, its pending
     * operations and its answer, if still kept.
     */
    static final String COMMIT = """
            local cur = redis.call('HGET', KEYS[1], 'r')
            local pending = redis.call('HGET', KEYS[1], 'p')
            if not pending then pending = '' end
            if ARGV[1] == '' then
              if cur then return {0, cur, pending, redis.call('GET', KEYS[3]) or ''} end
            elseif cur ~= ARGV[1] and (ARGV[9] == '' or cur ~= ARGV[9]) then
              return {0, cur or '', pending, redis.call('GET', KEYS[3]) or ''}
            end
            redis.call('HSET', KEYS[1], 'r', ARGV[2], 'p', ARGV[3])
            redis.call('PEXPIRE', KEYS[1], ARGV[4])
            if ARGV[7] ~= '' then redis.call('SET', KEYS[3], ARGV[7], 'PX', ARGV[8]) end
            redis.call('ZADD', KEYS[2], ARGV[5], ARGV[6])
            redis.call('PEXPIRE', KEYS[2], ARGV[4])
            if ARGV[10] ~= '' then
              redis.call('SET', KEYS[4], ARGV[10], 'PX', ARGV[4])
              for i = 11, #ARGV do redis.call('ZADD', KEYS[5], ARGV[5], ARGV[i]) end
            end
            return {1, '', pending}
            """;

    /**
     * KEYS as COMMIT's first two; ARGV: operations, event id. Clears the attached operations once they are
     * on every key, and unlists the event, unless a later commit replaced them (its own settle does that
     * then). The operations (over 64 bytes) turned the hash into Redis's table encoding, which it never
     * leaves by itself: written again with the record alone, it is a small listpack (about half the memory).
     */
    static final String SETTLE = """
            if redis.call('HGET', KEYS[1], 'p') == ARGV[1] then
              local r = redis.call('HGET', KEYS[1], 'r')
              local ttl = redis.call('PTTL', KEYS[1])
              redis.call('DEL', KEYS[1])
              redis.call('HSET', KEYS[1], 'r', r)
              if ttl > 0 then redis.call('PEXPIRE', KEYS[1], ttl) end
              redis.call('ZREM', KEYS[2], ARGV[2])
            end
            return 1
            """;

    /**
     * KEYS as COMMIT's first two; ARGV: event id. The pending operations of a listed event, or, when there
     * are none (settled meanwhile, or the record expired), '' after unlisting it. Atomic, so that a commit
     * listing the event again cannot fall between the check and the removal.
     */
    static final String SWEEP = """
            local pending = redis.call('HGET', KEYS[1], 'p')
            if pending then return {pending} end
            redis.call('ZREM', KEYS[2], ARGV[1])
            return {''}
            """;

    /**
     * KEYS: a history list. ARGV: the first bytes of the head read, how many entries were folded, the folded
     * entry, ttl ms. Replaces the folded entries with the fold unless the head changed since it was read.
     */
    static final String COMPACT = """
            local head = redis.call('LINDEX', KEYS[1], 0)
            if not head or string.sub(head, 1, string.len(ARGV[1])) ~= ARGV[1] then return {0} end
            local lasting = redis.call('PTTL', KEYS[1]) == -1
            redis.call('LTRIM', KEYS[1], tonumber(ARGV[2]), -1)
            redis.call('LPUSH', KEYS[1], ARGV[3])
            if not lasting then redis.call('PEXPIRE', KEYS[1], ARGV[4]) end
            return {1}
            """;

    /**
     * KEYS: a history list. ARGV: the first entry to return, how many bytes of the head identify it. Atomic,
     * so a compaction cannot land between reading the head and the tail.
     */
    static final String READ = """
            local head = redis.call('LINDEX', KEYS[1], 0)
            if not head then return {'', {}} end
            return {string.sub(head, 1, tonumber(ARGV[2])), redis.call('LRANGE', KEYS[1], tonumber(ARGV[1]), -1)}
            """;

    /**
     * Appends an entry to a history list and keeps its TTL: one step for what was an RPUSH and a PEXPIRE;
     * answers the new length. {@code freeze} is what the entry does to the owner's freeze ('1' freezes,
     * '0' unfreezes, '' neither). A frozen account's list has no TTL (a freeze lasts until lifted, however
     * long the account is idle): a freeze persists the key, later appends leave it so, an unfreeze gives it
     * its TTL back. Compaction, too, leaves a key without a TTL so. Shared by {@link #APPEND} and
     * {@link #COMMIT_AT_ONCE}.
     */
    private static final String APPEND_FUNCTION = """
            local function append(key, entry, ttl, freeze)
              local lasting = redis.call('PTTL', key) == -1
              local n = redis.call('RPUSH', key, entry)
              if freeze == '1' then
                redis.call('PERSIST', key)
              elseif freeze == '0' or not lasting then
                redis.call('PEXPIRE', key, ttl)
              end
              return n
            end
            """;

    /** KEYS: a history list. ARGV: the entry, the TTL in ms, the freeze (see {@link #APPEND_FUNCTION}). */
    static final String APPEND = APPEND_FUNCTION + """
            return append(KEYS[1], ARGV[1], ARGV[2], ARGV[3])
            """;

    /**
     * A whole commit in one step, for a Redis where every key is on one server (not a Cluster, whose keys
     * of one commit live in several slots): {@link #COMMIT} and the {@link #APPEND}s at once, so the
     * operations are never pending and nothing is left to settle.
     *
     * <p>KEYS: the event, its answer key, its alerts key, its slot's outbox, then the account's, the
     * device's and (when there is one) the store's history list. ARGV: expected record (empty: none may be
     * stored), new record, feedback window ms, now ms, event id, the answer (empty: leave it as it is), how
     * long to keep the answer in ms, the expected record as an earlier version stored it (empty: none), the
     * decision's alerts (empty: none), the account's freeze change, then for each list its entry (empty:
     * none) and TTL ms, then the alerts' ids.
     *
     * <p>Answers as {@link #COMMIT} does on a refusal ({@code {0, stored, pending, answer}}); {@code {2, '',
     * pending}} without writing anything when the stored record still carries pending operations (a commit
     * of an instance on the stepwise path not yet settled), which go onto the histories before this commit;
     * else {@code {1, '', ''}} and each list's new length (0 where no entry was appended).
     */
    static final String COMMIT_AT_ONCE = APPEND_FUNCTION + """
            local cur = redis.call('HGET', KEYS[1], 'r')
            local pending = redis.call('HGET', KEYS[1], 'p')
            if ARGV[1] == '' then
              if cur then return {0, cur, pending or '', redis.call('GET', KEYS[2]) or ''} end
            elseif cur ~= ARGV[1] and (ARGV[8] == '' or cur ~= ARGV[8]) then
              return {0, cur or '', pending or '', redis.call('GET', KEYS[2]) or ''}
            end
            if pending then return {2, '', pending} end
            redis.call('HSET', KEYS[1], 'r', ARGV[2])
            redis.call('PEXPIRE', KEYS[1], ARGV[3])
            if ARGV[6] ~= '' then redis.call('SET', KEYS[2], ARGV[6], 'PX', ARGV[7]) end
            local lists = #KEYS - 4
            if ARGV[9] ~= '' then
              redis.call('SET', KEYS[3], ARGV[9], 'PX', ARGV[3])
              for i = 11 + 2 * lists, #ARGV do redis.call('ZADD', KEYS[4], ARGV[4], ARGV[i]) end
            end
            local done = {1, '', ''}
            for i = 1, lists do
              local entry = ARGV[9 + 2 * i]
              if entry == '' then
                done[#done + 1] = 0
              else
                done[#done + 1] = append(KEYS[4 + i], entry, ARGV[10 + 2 * i], i == 1 and ARGV[10] or '')
              end
            end
            return done
            """;

    /**
     * A snapshot in one step where every key is on one server: the event's {@code r} and {@code p} and its
     * answer ('' for none), then for each list what {@link #READ} answers. KEYS: the event, its answer
     * key, then the account's, the device's and (when there is one) the store's history list. ARGV: how
     * many bytes of a head identify it, then each list's first entry to return.
     */
    static final String SNAPSHOT = """
            local out = {redis.call('HGET', KEYS[1], 'r') or '', redis.call('HGET', KEYS[1], 'p') or '',
                         redis.call('GET', KEYS[2]) or ''}
            for i = 3, #KEYS do
              local head = redis.call('LINDEX', KEYS[i], 0)
              if head then
                out[#out + 1] = string.sub(head, 1, tonumber(ARGV[1]))
                out[#out + 1] = redis.call('LRANGE', KEYS[i], tonumber(ARGV[i - 1]), -1)
              else
                out[#out + 1] = ''
                out[#out + 1] = {}
              end
            end
            return out
            """;

    /** Every script a decision or a sweep may run, the outbox's claim included: what start-up loads. */
    static final List<String> ALL = List.of(COMMIT, SETTLE, SWEEP, COMPACT, READ, APPEND, COMMIT_AT_ONCE, SNAPSHOT,
            RedisOutbox.CLAIM);

    private RedisScripts() {
    }
}
