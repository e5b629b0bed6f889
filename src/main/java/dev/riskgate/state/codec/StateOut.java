package dev.riskgate.state.codec;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;

/**
 * Writes stored state, for every store and file: the journal's frames, the checkpoint's records, the values
 * in Redis. Its own primitives are variable-length integers, times as seconds from a base (the value's last
 * write: recent times are short), and each distinct string once per value (later uses are a small index):
 * an account's id, device and enum names repeat in every event it holds, and in this form they cost one
 * byte after the first. Fixed-width primitives ({@link #u8}, {@link #int32}, {@link #utf}...) write what
 * {@link java.io.DataOutput} would, for the layouts that predate the variable-length ones
 * ({@link CompactRecords}, {@link EarlierLayout}).
 */
public final class StateOut {

    private byte[] buf;
    private int size;
    private final HashMap<String, Integer> strings = new HashMap<>();
    private long baseSecond;
    private Instant last;

    public StateOut() {
        this(128);
    }

    public StateOut(int capacity) {
        buf = new byte[capacity];
    }

    /** Times are written relative to {@code baseSecond} (the value's last write: recent times are short). */
    public void base(long baseSecond) {
        this.baseSecond = baseSecond;
    }

    public void varLong(long v) {
        ensure(10);
        while ((v & ~0x7FL) != 0) {
            buf[size++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        buf[size++] = (byte) v;
    }

    public void signedVarLong(long v) {
        varLong((v << 1) ^ (v >> 63));
    }

    /** Null, a new string, or the index of one written before in this value. */
    public void string(String s) {
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
    public void text(String s) {
        if (ascii(s)) {
            // What getBytes(UTF_8) would give, written in place: ids are ASCII, and a copy of each was
            // most of what encoding a commit allocated.
            varLong((long) s.length() << 1);
            ensure(s.length());
            for (int i = 0; i < s.length(); i++) {
                buf[size++] = (byte) s.charAt(i);
            }
        } else if (wellFormed(s)) {
            byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
            varLong((long) utf8.length << 1);
            raw(utf8, utf8.length);
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
    public void raw(byte[] bytes, int length) {
        raw(bytes, 0, length);
    }

    /** {@code length} bytes of {@code bytes} from {@code from}, as they are. */
    public void raw(byte[] bytes, int from, int length) {
        ensure(length);
        System.arraycopy(bytes, from, buf, size, length);
        size += length;
    }

    private static boolean ascii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code s} survives UTF-8 unchanged: no lone surrogate. */
    public static boolean wellFormed(String s) {
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

    /** By name, so that a renamed constant fails the read instead of reading back as another. */
    public void name(Enum<?> e) {
        string(e.name());
    }

    /** Whole amounts (the common case) as an integer, anything else as its exact bits. */
    public void decimal(double d) {
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
    public void instant(Instant t) {
        writeInstant(t, 1);
    }

    /** As {@link #instant}, with 0 for null. */
    public void nullableInstant(Instant t) {
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

    // --- fixed width, big-endian, as java.io.DataOutput writes them --------------------------------------

    public void u8(int v) {
        ensure(1);
        buf[size++] = (byte) v;
    }

    public void bool(boolean v) {
        u8(v ? 1 : 0);
    }

    public void u16(int v) {
        u8(v >>> 8);
        u8(v);
    }

    public void int32(int v) {
        u16(v >>> 16);
        u16(v);
    }

    public void int64(long v) {
        int32((int) (v >>> 32));
        int32((int) v);
    }

    public void float64(double v) {
        int64(Double.doubleToLongBits(v));
    }

    /** A present flag, then {@link #utf} when present. */
    public void nullableUtf(String s) {
        bool(s != null);
        if (s != null) {
            utf(s);
        }
    }

    /** {@link java.io.DataOutput#writeUTF}: a two-byte length, then modified UTF-8 (any string up to 65,535 bytes). */
    public void utf(String s) {
        int length = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            length += c >= 1 && c <= 0x7F ? 1 : c <= 0x7FF ? 2 : 3;
        }
        if (length > 0xFFFF) {
            throw new IllegalArgumentException("a string of " + length + " encoded bytes; at most 65,535 fit");
        }
        u16(length);
        ensure(length);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 1 && c <= 0x7F) {
                buf[size++] = (byte) c;
            } else if (c <= 0x7FF) {
                buf[size++] = (byte) (0xC0 | (c >> 6));
                buf[size++] = (byte) (0x80 | (c & 0x3F));
            } else {
                buf[size++] = (byte) (0xE0 | (c >> 12));
                buf[size++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                buf[size++] = (byte) (0x80 | (c & 0x3F));
            }
        }
    }

    public byte[] toBytes() {
        return Arrays.copyOf(buf, size);
    }

    private void ensure(int n) {
        if (size + n > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + n));
        }
    }
}
