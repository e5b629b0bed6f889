package dev.riskgate.state.embedded;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;

/**
 * Packed records ({@link Packed}: a key and its value in one byte array), found by key in 256 shards of
 * open-addressed tables. A key held this way costs its record and about 13 bytes of table; in a
 * {@code ConcurrentHashMap<String, byte[]>} it would cost about 100 more (node, string, two array
 * headers), which at a million accounts is most of what they take. Each shard has its own lock, held
 * for a probe, never across a decision.
 */
final class PackedShards {

    private static final int SHARD_BITS = 8;
    private final Shard[] shards = new Shard[1 << SHARD_BITS];

    PackedShards() {
        for (int i = 0; i < shards.length; i++) {
            shards[i] = new Shard();
        }
    }

    /** The record for a key ({@link Packed#keyBytes} bytes), or null. */
    byte[] get(byte[] key) {
        int h = hash(key, key.length);
        return shard(h).get(key, h);
    }

    /** Adds a record, replacing the key's record if it has one. */
    void put(byte[] record) {
        int keyLength = Packed.keyLength(record);
        int h = hash(record, keyLength);
        shard(h).put(record, keyLength, h);
    }

    /** Removes the key's record if it is still {@code expected} (the same array). */
    boolean remove(byte[] key, byte[] expected) {
        int h = hash(key, key.length);
        return shard(h).remove(key, h, expected);
    }

    /** Puts {@code replacement} (a record of the same key) where {@code expected} still is. */
    boolean replace(byte[] expected, byte[] replacement) {
        int keyLength = Packed.keyLength(expected);
        byte[] key = Arrays.copyOf(expected, keyLength);
        int h = hash(key, keyLength);
        return shard(h).replace(key, h, expected, replacement);
    }

    /** Removes every record {@code drop} accepts; returns how many. */
    int removeIf(Predicate<byte[]> drop) {
        int removed = 0;
        for (Shard s : shards) {
            removed += s.removeIf(drop);
        }
        return removed;
    }

    /** The records of one shard at a time, copied under its lock (a checkpoint reads them unlocked). */
    List<byte[]> shardRecords(int shard) {
        return shards[shard].records();
    }

    int shardCount() {
        return shards.length;
    }

    int size() {
        int n = 0;
        for (Shard s : shards) {
            n += s.size();
        }
        return n;
    }

    private Shard shard(int h) {
        return shards[h & (shards.length - 1)];
    }

    /** A hash of the key's packed bytes, so a record read from a checkpoint is placed without decoding its key. */
    private static int hash(byte[] bytes, int length) {
        int h = 1;
        for (int i = 0; i < length; i++) {
            h = 31 * h + bytes[i];
        }
        h ^= h >>> 16;
        h *= 0x85EBCA6B;
        h ^= h >>> 13;
        h *= 0xC2B2AE35;
        return h ^ (h >>> 16);
    }

    private static boolean sameKey(byte[] record, byte[] key) {
        return record.length >= key.length && Arrays.equals(record, 0, key.length, key, 0, key.length);
    }

    /** Linear probing; deletion shifts later entries back, so there are no tombstones. */
    private static final class Shard {
        private byte[][] slots = new byte[16][];
        private int[] hashes = new int[16];
        private int size;

        synchronized byte[] get(byte[] key, int h) {
            int i = find(key, h);
            return i < 0 ? null : slots[i];
        }

        synchronized void put(byte[] record, int keyLength, int h) {
            int mask = slots.length - 1;
            for (int i = home(h, mask); ; i = (i + 1) & mask) {
                if (slots[i] == null) {
                    slots[i] = record;
                    hashes[i] = h;
                    if (++size * 10 > slots.length * 6) {
                        grow();
                    }
                    return;
                }
                if (hashes[i] == h && Arrays.equals(slots[i], 0, keyLength, record, 0, keyLength)) {
                    slots[i] = record;
                    return;
                }
            }
        }

        synchronized boolean remove(byte[] key, int h, byte[] expected) {
            int i = find(key, h);
            if (i < 0 || slots[i] != expected) {
                return false;
            }
            delete(i);
            return true;
        }

        synchronized boolean replace(byte[] key, int h, byte[] expected, byte[] replacement) {
            int i = find(key, h);
            if (i < 0 || slots[i] != expected) {
                return false;
            }
            slots[i] = replacement;
            return true;
        }

        synchronized int removeIf(Predicate<byte[]> drop) {
            int removed = 0;
            for (int i = 0; i < slots.length; ) {
                if (slots[i] != null && drop.test(slots[i])) {
                    delete(i); // an entry may shift into i: look at it again
                    removed++;
                } else {
                    i++;
                }
            }
            return removed;
        }

        synchronized List<byte[]> records() {
            List<byte[]> out = new ArrayList<>(size);
            for (byte[] r : slots) {
                if (r != null) {
                    out.add(r);
                }
            }
            return out;
        }

        synchronized int size() {
            return size;
        }

        private int find(byte[] key, int h) {
            int mask = slots.length - 1;
            for (int i = home(h, mask); slots[i] != null; i = (i + 1) & mask) {
                if (hashes[i] == h && sameKey(slots[i], key)) {
                    return i;
                }
            }
            return -1;
        }

        private void delete(int i) {
            int mask = slots.length - 1;
            slots[i] = null;
            size--;
            for (int j = (i + 1) & mask; slots[j] != null; j = (j + 1) & mask) {
                int k = home(hashes[j], mask);
                boolean stays = i <= j ? (i < k && k <= j) : (i < k || k <= j);
                if (!stays) {
                    slots[i] = slots[j];
                    hashes[i] = hashes[j];
                    slots[j] = null;
                    i = j;
                }
            }
        }

        private void grow() {
            byte[][] oldSlots = slots;
            int[] oldHashes = hashes;
            slots = new byte[oldSlots.length * 2][];
            hashes = new int[oldSlots.length * 2];
            int mask = slots.length - 1;
            for (int s = 0; s < oldSlots.length; s++) {
                if (oldSlots[s] != null) {
                    int i = home(oldHashes[s], mask);
                    while (slots[i] != null) {
                        i = (i + 1) & mask;
                    }
                    slots[i] = oldSlots[s];
                    hashes[i] = oldHashes[s];
                }
            }
        }

        private static int home(int h, int mask) {
            return (h >>> SHARD_BITS) & mask;
        }
    }
}
