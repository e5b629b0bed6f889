package dev.riskgate.state.redis;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What this instance last folded for each history key it read, the most recently used {@link #CACHED_KEYS}
 * of them, and which keys it is compacting now. Lists only grow at the tail until compaction replaces the
 * head, so a read fetches only the entries after a cached fold's {@code count} and checks the head is
 * unchanged ({@link RedisStateStore}).
 */
final class HistoryCache {

    private static final int CACHED_KEYS = 20_000;

    /**
     * A fold of a list: the list's head (its first {@link RedisStateStore#HEAD_ID} bytes), how many entries
     * the fold covers, and the fold.
     */
    record Cached(byte[] headId, long count, Object state) {
    }

    private final Map<String, Cached> folds = Collections.synchronizedMap(
            new LinkedHashMap<>(1024, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Cached> eldest) {
                    return size() > CACHED_KEYS;
                }
            });
    private final Set<String> compacting = ConcurrentHashMap.newKeySet();

    /** The fold last kept for {@code key}, or null. */
    Cached get(String key) {
        return folds.get(key);
    }

    void put(String key, Cached cached) {
        folds.put(key, cached);
    }

    void remove(String key) {
        folds.remove(key);
    }

    /** Claims {@code key}'s compaction for this thread: false when another thread of this instance holds it. */
    boolean startCompacting(String key) {
        return compacting.add(key);
    }

    void doneCompacting(String key) {
        compacting.remove(key);
    }
}
