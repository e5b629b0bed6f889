package dev.riskgate.state.redis;

import io.lettuce.core.cluster.SlotHash;

/**
 * Where an event whose record still carries pending operations is listed, so that a sweeper can finish
 * it without anyone reading that event again.
 *
 * <p>The list is a sorted set per Redis Cluster hash slot, not one set for all: the record script adds
 * the event to its slot's set and the settle script takes it off, each in the same script as the record
 * itself. A script may only touch keys of one slot, so a single index key (one slot) could only be
 * updated by a separate command, and a lost index entry would be a commit nobody finishes. Here an event
 * is listed exactly while its record holds pending operations: the two change together, atomically.
 *
 * <p>A slot's index key carries a hash tag ({@code {...}}) chosen so that the key hashes to that slot;
 * the tags are found once, by trying short strings until every slot has one. A standalone Redis has no
 * slots, and the same keys simply all live on it.
 */
final class PendingIndex {

    static final int SLOTS = SlotHash.SLOT_COUNT;
    private static final String[] TAGS = tags();

    private PendingIndex() {
    }

    /** The index key in the same slot as {@code eventKey}. */
    static String keyFor(String prefix, String eventKey) {
        return key(prefix, SlotHash.getSlot(eventKey));
    }

    /** A hash tag, {@code {...}}, that puts a key in the same slot as {@code key} (the event's answer key). */
    static String tagOf(String key) {
        return "{" + TAGS[SlotHash.getSlot(key)] + "}";
    }

    /** The index key of {@code slot}. */
    static String key(String prefix, int slot) {
        return prefix + "p:{" + TAGS[slot] + "}";
    }

    /** The alert outbox of {@code slot} (see {@link RedisOutbox}): a sorted set of alert ids by due time. */
    static String outboxKey(String prefix, int slot) {
        return prefix + "o:{" + TAGS[slot] + "}";
    }

    /** The alert outbox in the same slot as {@code eventKey}. */
    static String outboxKeyFor(String prefix, String eventKey) {
        return outboxKey(prefix, SlotHash.getSlot(eventKey));
    }

    private static String[] tags() {
        String[] tags = new String[SLOTS];
        int found = 0;
        // About 170,000 tries (the coupon collector's n ln n), a few milliseconds, once per JVM.
        for (int i = 0; found < SLOTS; i++) {
            String tag = Integer.toString(i, 36);
            int slot = SlotHash.getSlot(tag);
            if (tags[slot] == null) {
                tags[slot] = tag;
                found++;
            }
        }
        return tags;
    }
}
