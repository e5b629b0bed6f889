package dev.riskgate.state.embedded;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;

/**
 * Writes one packed value ({@link Packed}): variable-length integers, times as seconds from the value's
 * own last write, and each distinct string once (later uses are a small index). An account's id, device
 * and enum names repeat in every event it holds; in this form they cost one byte after the first.
 */
final class PackedOut {

    private byte[] buf;
    private int size;
    private final HashMap<String, Integer> strings = new HashMap<>();
    private long baseSecond;
    private Instant last;

    PackedOut() {
        this(128);
    }

    PackedOut(int capacity) {
        buf = new byte[capacity];
    }

    /** Times are written relative to {@code baseSecond} (the value's last write: recent times are short). */
    void base(long baseSecond) {
        this.baseSecond = baseSecond;
    }

    void varLong(long v) {
        ensure(10);
        while ((v & ~0x7FL) != 0) {
            buf[size++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        buf[size++] = (byte) v;
    }

    void signedVarLong(long v) {
        varLong((v << 1) ^ (v >> 63));
    }

    /** Null, a new string, or the index of one written before in this value. */
    void string(String s) {
        if (s == null) {
            varLong(0);
            return;
        }
        Integer known = strings.get(s);
        if (known != null) {
            varLong(known + 2L);
            return;
        }
        strings.put(s, strings.size());
        varLong(1);
        text(s);
    }

    /** A string on its own (a record's key): its length, then UTF-8, or its chars if it is not valid UTF-16. */
    void text(String s) {
        if (wellFormed(s)) {
            byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
            varLong((long) utf8.length << 1);
            ensure(utf8.length);
            System.arraycopy(utf8, 0, buf, size, utf8.length);
            size += utf8.length;
        } else {
            // UTF-8 would turn a lone surrogate (valid in a JSON string) into '?': keep the chars as they are.
            varLong(((long) s.length() << 1) | 1);
            ensure(2 * s.length());
            for (int i = 0; i < s.length(); i++) {
                buf[size++] = (byte) (s.charAt(i) >>> 8);
                buf[size++] = (byte) s.charAt(i);
            }
        }
    }

    /** The first {@code length} bytes of {@code bytes}, as they are. */
    void raw(byte[] bytes, int length) {
        ensure(length);
        System.arraycopy(bytes, 0, buf, size, length);
        size += length;
    }

    /** A key as records begin with it ({@link #text}), to look one up. */
    static byte[] key(String key) {
        PackedOut out = new PackedOut(key.length() + 4);
        out.text(key);
        return out.toBytes();
    }

    private static boolean wellFormed(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    void name(Enum<?> e) {
        string(e.name());
    }

    /** Whole amounts (the common case) as an integer, anything else as its exact bits. */
    void decimal(double d) {
        long whole = (long) d;
        if (whole == d && Math.abs(whole) < (1L << 52) && Double.doubleToRawLongBits(d) != Double.doubleToRawLongBits(-0.0)) {
            varLong(((whole << 1) ^ (whole >> 63)) << 1);
        } else {
            varLong(1);
            long bits = Double.doubleToRawLongBits(d);
            ensure(8);
            for (int i = 0; i < 8; i++) {
                buf[size++] = (byte) (bits >>> (8 * i));
            }
        }
    }

    /** One byte for the moment written just before (an event's time is also its device's and amount's). */
    void instant(Instant t) {
        writeInstant(t, 1);
    }

    /** As {@link #instant}, with 0 for null. */
    void nullableInstant(Instant t) {
        if (t == null) {
            varLong(0);
        } else {
            writeInstant(t, 2);
        }
    }

    /** Codes below {@code first} are taken: {@code first - 1} is "the previous instant again". */
    private void writeInstant(Instant t, int first) {
        if (t.equals(last)) {
            varLong(first - 1);
            return;
        }
        last = t;
        long delta = t.getEpochSecond() - baseSecond;
        varLong(((((delta << 1) ^ (delta >> 63)) << 1) | (t.getNano() != 0 ? 1 : 0)) + first);
        if (t.getNano() != 0) {
            varLong(t.getNano());
        }
    }

    byte[] toBytes() {
        return Arrays.copyOf(buf, size);
    }

    private void ensure(int n) {
        if (size + n > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + n));
        }
    }
}
