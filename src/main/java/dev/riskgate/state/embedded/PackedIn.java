package dev.riskgate.state.embedded;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;

/** Reads what {@link PackedOut} wrote; a value that ends early or refers to an unknown string fails loudly. */
final class PackedIn {

    private final byte[] buf;
    private final int limit;
    private int pos;
    private final ArrayList<String> strings = new ArrayList<>();
    private long baseSecond;
    private Instant last;

    PackedIn(byte[] buf) {
        this(buf, buf.length);
    }

    /** Reads only the first {@code limit} bytes of {@code buf}. */
    PackedIn(byte[] buf, int limit) {
        this.buf = buf;
        this.limit = limit;
    }

    void base(long baseSecond) {
        this.baseSecond = baseSecond;
    }

    long varLong() {
        long v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            byte b = next();
            v |= (long) (b & 0x7F) << shift;
            if (b >= 0) {
                return v;
            }
        }
        throw new IllegalStateException("packed value: integer longer than 64 bits");
    }

    /** The bytes left, moving to the end. */
    byte[] rest() {
        byte[] rest = java.util.Arrays.copyOfRange(buf, pos, limit);
        pos = limit;
        return rest;
    }

    /** The key the record begins with ({@link PackedOut#text}), wherever this reader stands. */
    String recordKey() {
        return new PackedIn(buf, limit).text();
    }

    /** The next integer, without moving past it. */
    long peekVarLong() {
        int at = pos;
        long v = varLong();
        pos = at;
        return v;
    }

    int varInt() {
        return Math.toIntExact(varLong());
    }

    long signedVarLong() {
        long v = varLong();
        return (v >>> 1) ^ -(v & 1);
    }

    String string() {
        long code = varLong();
        if (code == 0) {
            return null;
        }
        if (code >= 2) {
            if (code - 2 >= strings.size()) {
                throw new IllegalStateException("packed value: string #" + (code - 2) + " was never written");
            }
            return strings.get((int) (code - 2));
        }
        String s = text();
        strings.add(s);
        return s;
    }

    /** See {@link PackedOut#text}. */
    String text() {
        long header = varLong();
        boolean chars = (header & 1) != 0;
        long bytes = chars ? 2 * (header >>> 1) : header >>> 1;
        if (bytes > limit - pos) {
            throw new IllegalStateException("packed value: string runs past the end");
        }
        String s;
        if (chars) {
            char[] cs = new char[(int) (bytes / 2)];
            for (int i = 0; i < cs.length; i++) {
                cs[i] = (char) (((buf[pos + 2 * i] & 0xFF) << 8) | (buf[pos + 2 * i + 1] & 0xFF));
            }
            s = new String(cs);
        } else {
            s = new String(buf, pos, (int) bytes, StandardCharsets.UTF_8);
        }
        pos += (int) bytes;
        return s;
    }

    /** Steps over a {@link PackedOut#text} without building the string. */
    void skipText() {
        long header = varLong();
        long bytes = (header & 1) != 0 ? 2 * (header >>> 1) : header >>> 1;
        if (bytes > limit - pos) {
            throw new IllegalStateException("packed value: string runs past the end");
        }
        pos += (int) bytes;
    }

    int position() {
        return pos;
    }

    <E extends Enum<E>> E name(Class<E> type) {
        return Enum.valueOf(type, string());
    }

    double decimal() {
        long code = varLong();
        if ((code & 1) == 0) {
            long z = code >>> 1;
            return (double) ((z >>> 1) ^ -(z & 1));
        }
        long bits = 0;
        for (int i = 0; i < 8; i++) {
            bits |= (long) (next() & 0xFF) << (8 * i);
        }
        return Double.longBitsToDouble(bits);
    }

    Instant instant() {
        return readInstant(1);
    }

    Instant nullableInstant() {
        return readInstant(2);
    }

    /** See {@link PackedOut#instant}: the same moment read again is the same object. */
    private Instant readInstant(int first) {
        long code = varLong();
        if (code == first - 1) {
            if (last == null) {
                throw new IllegalStateException("packed value: a repeated time with none before it");
            }
            return last;
        }
        if (code < first - 1) {
            return null; // only a nullable instant has a code below its repeat code
        }
        code -= first;
        int nano = (code & 1) != 0 ? varInt() : 0;
        long z = code >>> 1;
        last = Instant.ofEpochSecond(baseSecond + ((z >>> 1) ^ -(z & 1)), nano);
        return last;
    }

    boolean atEnd() {
        return pos == limit;
    }

    private byte next() {
        if (pos >= limit) {
            throw new IllegalStateException("packed value ends early");
        }
        return buf[pos++];
    }
}
