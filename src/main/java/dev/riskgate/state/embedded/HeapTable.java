package dev.riskgate.state.embedded;

import dev.riskgate.state.codec.Form;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/**
 * The folded values of one kind of key (accounts, devices, stores or decision records), in the heap.
 * A key read or written recently is held as objects, ready to read; a key not used between two
 * {@link #packIdle} passes is packed with its value into one record ({@link Packed}, {@link PackedShards}),
 * and once a checkpoint holds that record it becomes a reference into the file ({@link Copy#repoint}).
 * Either is unpacked again when the key is next read or written. At a million accounts almost all keys
 * are idle; as objects in a map of strings they cost about six times a reference (774 MB against 118 MB).
 * Each value carries the sequence number of the last commit folded into it and the wall-clock time of
 * that write, which its retention counts from.
 *
 * <p>A key is in {@code hot}, in {@code packed}, or briefly in both (then {@code hot} is the newer):
 * unpacking (for a read or a fold) publishes the objects in {@code hot} before it drops the record, and
 * packing adds the record before it drops the objects, so a reader never misses a key. Moves from
 * records to objects run inside {@code hot}'s per-key compute, so they are serialised with folds. Records
 * are dropped only if unchanged; one a checkpoint re-pointed meanwhile stays behind the objects, which are
 * read first, until the next packing replaces it (a checkpoint may write both; the load keeps the newer).
 */
final class HeapTable<T> {

    /** A key's value as objects. {@code used} is set by every read and cleared by a packing pass. */
    static final class Entry<T> {
        final T value;
        final long lsn;
        final long touched;
        // Plain field: a lost update only packs a key a pass early, and it is unpacked on its next use.
        boolean used = true;

        Entry(T value, long lsn, long touched) {
            this.value = value;
            this.lsn = lsn;
            this.touched = touched;
        }
    }

    /** Receives each live key at a checkpoint as a record; returns where in the file it wrote it. */
    interface RecordSink {
        long accept(byte[] record) throws IOException;
    }

    /**
     * What a value becomes with age, applied when it is packed or written to a checkpoint: decision records
     * turn compact once the idempotency window has passed. Returns {@code value} itself when unchanged.
     */
    interface Ageing<T> {
        Ageing<Object> NONE = (value, now) -> value;

        T at(T value, long now);

        /**
         * Whether a packed record (not a reference) already holds its form at {@code now}, so that a
         * checkpoint need not decode it: most records are told from their head alone.
         */
        default boolean aged(byte[] record, long now) {
            return true;
        }
    }

    private final ConcurrentHashMap<String, Entry<T>> hot = new ConcurrentHashMap<>();
    private final PackedShards packed = new PackedShards();
    private final Form<T> form;
    private final long retentionMillis;
    private final CheckpointFiles files;
    private final Ageing<T> ageing;
    /** Values kept past the retention, however old (a frozen account); null: none is. */
    private final java.util.function.Predicate<T> lasting;

    HeapTable(Form<T> form, Duration retention, CheckpointFiles files) {
        this(form, retention, files, none(), null);
    }

    HeapTable(Form<T> form, Duration retention, CheckpointFiles files, Ageing<T> ageing) {
        this(form, retention, files, ageing, null);
    }

    /** A table whose values that {@code lasting} holds for never expire. */
    HeapTable(Form<T> form, Duration retention, CheckpointFiles files, java.util.function.Predicate<T> lasting) {
        this(form, retention, files, none(), lasting);
    }

    private HeapTable(Form<T> form, Duration retention, CheckpointFiles files, Ageing<T> ageing,
                      java.util.function.Predicate<T> lasting) {
        this.form = form;
        this.retentionMillis = retention.toMillis();
        this.files = files;
        this.ageing = ageing;
        this.lasting = lasting;
    }

    @SuppressWarnings("unchecked")
    private static <T> Ageing<T> none() {
        return (Ageing<T>) Ageing.NONE;
    }

    /** The key's value at {@code now}, or {@code absent} if it was never written or has expired. */
    T live(String key, long now, T absent) {
        Entry<T> e = hot.get(key);
        if (e == null) {
            e = unpack(key);
            if (e == null) {
                return absent;
            }
        }
        e.used = true;
        return expired(e, now) ? absent : e.value;
    }

    /**
     * Moves a packed key back to objects (in use again: a busy store's log is read on every purchase
     * there and should not be unpacked each time), the way a fold does: objects published first.
     */
    private Entry<T> unpack(String key) {
        byte[] keyBytes = Packed.keyBytes(key);
        byte[][] moved = new byte[1][];
        Entry<T> e = hot.computeIfAbsent(key, k -> read(keyBytes, moved));
        if (moved[0] != null) {
            packed.remove(keyBytes, moved[0]);
        }
        return e;
    }

    /**
     * Folds one commit into the key. A key already at or past {@code lsn} (read from a checkpoint that
     * holds the commit) is left alone; an expired value folds as {@code absent}, as if swept. Commits on
     * one key are folded one at a time (the store's key locks; recovery is one thread).
     */
    void fold(String key, long lsn, long touched, T absent, UnaryOperator<T> change) {
        byte[][] replaced = new byte[1][];
        byte[][] keyBytes = new byte[1][];
        hot.compute(key, (k, v) -> {
            Entry<T> base = v;
            if (base == null) {
                keyBytes[0] = Packed.keyBytes(key);
                base = read(keyBytes[0], replaced);
            }
            if (base != null && base.lsn >= lsn) {
                replaced[0] = null;
                return v;
            }
            T before = base == null || expired(base, touched) ? absent : base.value;
            return new Entry<>(change.apply(before), lsn, touched);
        });
        if (replaced[0] != null) {
            packed.remove(keyBytes[0], replaced[0]);
        }
    }

    /**
     * The key's packed value as objects, or null; {@code record[0]} is set to the record it came from. A
     * reference into a checkpoint retired meanwhile was re-pointed before the retirement: read again.
     */
    private Entry<T> read(byte[] keyBytes, byte[][] record) {
        for (int attempt = 0; ; attempt++) {
            record[0] = packed.get(keyBytes);
            if (record[0] == null) {
                return null;
            }
            try {
                return Packed.unpack(form, full(record[0]));
            } catch (CheckpointFiles.Retired retired) {
                if (attempt == 2) {
                    throw new IllegalStateException("a key still refers to a retired checkpoint", retired);
                }
            }
        }
    }

    /** The record with its value: itself, or read from the checkpoint a reference points into. */
    private byte[] full(byte[] record) {
        Packed.Place place = Packed.place(record);
        if (place == null) {
            return record;
        }
        byte[] full = files.read(place);
        int keyLength = Packed.keyLength(record);
        if (!Arrays.equals(full, 0, keyLength, record, 0, keyLength)) {
            throw new IllegalStateException("checkpoint " + place.generation() + " holds another key at byte " + place.offset());
        }
        return full;
    }

    /** A record read from a checkpoint; a key already held at a later commit keeps that. Returns its lsn. */
    long putPacked(byte[] record) {
        long lsn = Packed.lsn(record);
        byte[] held = packed.get(keyOf(record));
        if (held == null || Packed.lsn(held) < lsn) {
            packed.put(record);
        }
        return lsn;
    }

    /**
     * Packs every key not used since the last pass; returns how many it packed. Not to run during a
     * checkpoint's copy ({@link #writeTo}), which relies on keys not moving from objects to records.
     */
    int packIdle(long now) {
        int moved = 0;
        for (Map.Entry<String, Entry<T>> kv : hot.entrySet()) {
            Entry<T> e = kv.getValue();
            if (e.used) {
                e.used = false;
                continue;
            }
            byte[] record = Packed.pack(form, kv.getKey(), ageing.at(e.value, now), e.lsn, e.touched);
            packed.put(record);
            if (hot.remove(kv.getKey(), e)) {
                moved++;
            } else {
                packed.remove(Packed.keyBytes(kv.getKey()), record); // written meanwhile: the objects are newer
            }
        }
        return moved;
    }

    /** What a checkpoint wrote of the packed keys, to point them at it once it is durable. */
    final class Copy {
        private final List<List<byte[]>> records = new ArrayList<>();
        private final List<long[]> offsets = new ArrayList<>();
        private final List<int[]> lengths = new ArrayList<>();

        /** Replaces each packed key the checkpoint holds, unless it changed meanwhile, by a reference into it. */
        void repoint(long generation) {
            for (int s = 0; s < records.size(); s++) {
                List<byte[]> shard = records.get(s);
                for (int i = 0; i < shard.size(); i++) {
                    if (offsets.get(s)[i] >= 0) {
                        byte[] record = shard.get(i);
                        packed.replace(record, Packed.reference(record, record.length,
                                new Packed.Place(generation, offsets.get(s)[i], lengths.get(s)[i])));
                    }
                }
            }
        }
    }

    /**
     * Writes every live key as a record, for a checkpoint; a key may come twice (then the later is at
     * least as new). Packed records first, then objects: a key a fold moves from one to the other meanwhile
     * is in the objects by the time they are read, since the fold publishes them before dropping the record.
     */
    Copy writeTo(long now, RecordSink sink) throws IOException {
        Copy copy = new Copy();
        for (int s = 0; s < packed.shardCount(); s++) {
            List<byte[]> records = packed.shardRecords(s);
            long[] offsets = new long[records.size()];
            int[] lengths = new int[records.size()];
            for (int i = 0; i < records.size(); i++) {
                byte[] record = records.get(i);
                offsets[i] = -1;
                if (!expired(record, now)) {
                    byte[] full = aged(full(record), now);
                    offsets[i] = sink.accept(full);
                    lengths[i] = full.length;
                }
            }
            copy.records.add(records);
            copy.offsets.add(offsets);
            copy.lengths.add(lengths);
        }
        for (Map.Entry<String, Entry<T>> kv : hot.entrySet()) {
            Entry<T> e = kv.getValue();
            if (!expired(e, now)) {
                sink.accept(Packed.pack(form, kv.getKey(), ageing.at(e.value, now), e.lsn, e.touched));
            }
        }
        return copy;
    }

    /** {@code record} in its aged form: itself when it already is, else unpacked, aged and packed again. */
    private byte[] aged(byte[] record, long now) {
        if (ageing.aged(record, now)) {
            return record;
        }
        Entry<T> e = Packed.unpack(form, record);
        T aged = ageing.at(e.value, now);
        return aged == e.value ? record : Packed.pack(form, Packed.key(record), aged, e.lsn, e.touched);
    }

    /** Drops expired keys (they already read as absent); returns how many. */
    int sweep(long now) {
        int removed = packed.removeIf(record -> expired(record, now));
        for (Map.Entry<String, Entry<T>> kv : hot.entrySet()) {
            if (expired(kv.getValue(), now) && hot.remove(kv.getKey(), kv.getValue())) {
                removed++;
            }
        }
        return removed;
    }

    /** Keys held (a key moving between forms at this moment may count twice). */
    int size() {
        return hot.size() + packed.size();
    }

    /** The key's packed record or reference, or null while it is held as objects (for tests and measurements). */
    byte[] packedRecord(String key) {
        return packed.get(Packed.keyBytes(key));
    }

    /** Keys held as objects rather than packed (for tests and ops). */
    int unpacked() {
        return hot.size();
    }

    private boolean expired(long touched, long now) {
        return touched + retentionMillis <= now;
    }

    private boolean expired(Entry<T> e, long now) {
        return expired(e.touched, now) && (lasting == null || !lasting.test(e.value));
    }

    /** Whether a packed record has expired; only one past its retention is decoded, to ask whether it lasts. */
    private boolean expired(byte[] record, long now) {
        return expired(Packed.touched(record), now)
                && (lasting == null || !lasting.test(Packed.unpack(form, full(record)).value));
    }

    private static byte[] keyOf(byte[] record) {
        return Arrays.copyOf(record, Packed.keyLength(record));
    }
}
