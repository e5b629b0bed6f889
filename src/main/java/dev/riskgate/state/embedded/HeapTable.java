package dev.riskgate.state.embedded;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/**
 * The folded values of one kind of key (accounts, devices, stores or decision records), in the heap.
 * A key in use is held as objects, ready to read; a key not used between two {@link #packIdle} passes is
 * packed into one byte array ({@link Packed}) and unpacked again when it is next read or written. At a
 * million accounts almost all are idle, and objects cost about five times their packed size.
 * Each value carries the sequence number of the last commit folded into it and the wall-clock time of
 * that write, which its retention counts from.
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

    /** Receives each live key at a checkpoint, packed. */
    interface PackedSink {
        void accept(String key, byte[] packed) throws IOException;
    }

    /** Values are an {@link Entry} (in use) or a {@code byte[]} (packed). */
    private final ConcurrentHashMap<String, Object> values = new ConcurrentHashMap<>();
    private final Packed.Form<T> form;
    private final long retentionMillis;

    HeapTable(Packed.Form<T> form, Duration retention) {
        this.form = form;
        this.retentionMillis = retention.toMillis();
    }

    /** The key's value at {@code now}, or {@code absent} if it was never written or has expired. */
    T live(String key, long now, T absent) {
        Object v = values.get(key);
        if (v == null || expired(touched(v), now)) {
            return absent;
        }
        Entry<T> e = entry(v);
        if (v != e) {
            values.replace(key, v, e); // in use again: keep it as objects (a concurrent write wins)
        }
        e.used = true;
        return e.value;
    }

    /**
     * Folds one commit into the key. A key already at or past {@code lsn} (read from a checkpoint that
     * holds the commit) is left alone; an expired value folds as {@code absent}, as if swept.
     */
    void fold(String key, long lsn, long touched, T absent, UnaryOperator<T> change) {
        values.compute(key, (k, v) -> {
            if (v != null && lsn(v) >= lsn) {
                return v;
            }
            T base = v == null || expired(touched(v), touched) ? absent : entry(v).value;
            return new Entry<>(change.apply(base), lsn, touched);
        });
    }

    /** A packed value read from a checkpoint; returns its sequence number. */
    long putPacked(String key, byte[] packed) {
        values.put(key, packed);
        return Packed.lsn(packed);
    }

    void put(String key, T value, long lsn, long touched) {
        values.put(key, new Entry<>(value, lsn, touched));
    }

    /** Packs every key not used since the last pass; returns how many it packed. */
    int packIdle() {
        int packed = 0;
        for (Map.Entry<String, Object> kv : values.entrySet()) {
            if (kv.getValue() instanceof Entry<?> e) {
                if (e.used) {
                    e.used = false;
                } else if (values.replace(kv.getKey(), e, pack(e))) {
                    packed++;
                }
            }
        }
        return packed;
    }

    /** Every live key, packed (a key in use is packed for the sink, not in the table). */
    void forEachLive(long now, PackedSink sink) throws IOException {
        for (Map.Entry<String, Object> kv : values.entrySet()) {
            Object v = kv.getValue();
            if (!expired(touched(v), now)) {
                sink.accept(kv.getKey(), v instanceof byte[] b ? b : pack(entry(v)));
            }
        }
    }

    /** Drops expired keys (they already read as absent); returns how many. */
    int sweep(long now) {
        int removed = 0;
        for (Map.Entry<String, Object> kv : values.entrySet()) {
            Object v = kv.getValue();
            if (expired(touched(v), now) && values.remove(kv.getKey(), v)) {
                removed++;
            }
        }
        return removed;
    }

    int size() {
        return values.size();
    }

    /** How many keys are held as objects (the rest are packed); for tests and ops. */
    int unpacked() {
        return (int) values.values().stream().filter(v -> v instanceof Entry<?>).count();
    }

    private boolean expired(long touched, long now) {
        return touched + retentionMillis <= now;
    }

    @SuppressWarnings("unchecked")
    private Entry<T> entry(Object v) {
        return v instanceof byte[] b ? Packed.unpack(form, b) : (Entry<T>) v;
    }

    @SuppressWarnings("unchecked")
    private byte[] pack(Entry<?> e) {
        Entry<T> typed = (Entry<T>) e;
        return Packed.pack(form, typed.value, typed.lsn, typed.touched);
    }

    private static long lsn(Object v) {
        return v instanceof byte[] b ? Packed.lsn(b) : ((Entry<?>) v).lsn;
    }

    private static long touched(Object v) {
        return v instanceof byte[] b ? Packed.touched(b) : ((Entry<?>) v).touched;
    }
}
