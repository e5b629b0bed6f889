package dev.riskgate.state.codec;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;

/** Reads what {@link StateOut} wrote; a value that ends early or refers to an unknown string fails loudly. */
public final class StateIn {

    private final byte[] buf;
    private final int limit;
    private int pos;
    private final ArrayList<String> strings = new ArrayList<>();
    private long baseSecond;
    private Instant last;
    private Canon canon;
    private String key;

    public StateIn(byte[] buf) {
        this(buf, 0, buf.length);
    }

    /** Reads only the first {@code limit} bytes of {@code buf}. */
    public StateIn(byte[] buf, int limit) {
        this(buf, 0, limit);
    }

    /** Reads bytes {@code [from, limit)} of {@code buf}. */
    public StateIn(byte[] buf, int from, int limit) {
        this.buf = buf;
        this.pos = from;
        this.limit = limit;
    }

    public void base(long baseSecond) {
        this.baseSecond = baseSecond;
    }

    /** Strings and events read from here on are shared through {@code canon} (a recovery reads many copies). */
    public StateIn sharing(Canon canon) {
        this.canon = canon;
        return this;
    }

    Canon canon() {
        return canon;
    }

    /** The key the value read is stored under (a compact record leaves its event id out: the key holds it). */
    public StateIn keyed(String key) {
        this.key = key;
        return this;
    }

    String key() {
        if (key == null) {
            throw new IllegalStateException("a compact record is read only under its key");
        }
        return key;
    }

    public long varLong() {
        long v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            byte b = next();
            v |= (long) (b & 0x7F) << shift;
            if (b >= 0) {
                return v;
            }
        }
        throw new IllegalStateException("stored value: integer longer than 64 bits");
    }

    /** The next integer, without moving past it. */
    public long peekVarLong() {
        int at = pos;
        long v = varLong();
        pos = at;
        return v;
    }

    public int varInt() {
        return Math.toIntExact(varLong());
    }

    public long signedVarLong() {
        long v = varLong();
        return (v >>> 1) ^ -(v & 1);
    }

    public String string() {
        long code = varLong();
        if (code == 0) {
            return null;
        }
        if (code >= 2) {
            if (code - 2 >= strings.size()) {
                throw new IllegalStateException("stored value: string #" + (code - 2) + " was never written");
            }
            return strings.get((int) (code - 2));
        }
        String s = shared(text());
        strings.add(s);
        return s;
    }

    /** See {@link StateOut#text}. */
    public String text() {
        long header = varLong();
        boolean chars = (header & 1) != 0;
        long bytes = chars ? 2 * (header >>> 1) : header >>> 1;
        if (bytes > limit - pos) {
            throw new IllegalStateException("stored value: string runs past the end");
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

    /** Steps over a {@link StateOut#text} without building the string. */
    public void skipText() {
        long header = varLong();
        long bytes = (header & 1) != 0 ? 2 * (header >>> 1) : header >>> 1;
        if (bytes > limit - pos) {
            throw new IllegalStateException("stored value: string runs past the end");
        }
        pos += (int) bytes;
    }

    public int position() {
        return pos;
    }

    public <E extends Enum<E>> E name(Class<E> type) {
        return Enum.valueOf(type, string());
    }

    public double decimal() {
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

    public Instant instant() {
        return readInstant(1);
    }

    public Instant nullableInstant() {
        return readInstant(2);
    }

    /** See {@link StateOut#instant}: the same moment read again is the same object. */
    private Instant readInstant(int first) {
        long code = varLong();
        if (code == first - 1) {
            if (last == null) {
                throw new IllegalStateException("stored value: a repeated time with none before it");
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

    // --- fixed width, as java.io.DataInput reads them ------------------------------------------------

    public int u8() {
        return next() & 0xFF;
    }

    public boolean bool() {
        return u8() != 0;
    }

    public int u16() {
        return u8() << 8 | u8();
    }

    public int int32() {
        return u16() << 16 | u16();
    }

    public long int64() {
        return (long) int32() << 32 | (int32() & 0xFFFFFFFFL);
    }

    public double float64() {
        return Double.longBitsToDouble(int64());
    }

    /** {@link java.io.DataInput#readUTF}. */
    /** What {@link StateOut#nullableUtf} wrote. */
    public String nullableUtf() {
        return bool() ? utf() : null;
    }

    public String utf() {
        int length = u16();
        if (length > limit - pos) {
            throw new IllegalStateException("stored value: string runs past the end");
        }
        int end = pos + length;
        StringBuilder s = new StringBuilder(length);
        while (pos < end) {
            int a = buf[pos++] & 0xFF;
            if (a < 0x80) {
                s.append((char) a);
            } else if ((a & 0xE0) == 0xC0 && pos < end) {
                s.append((char) ((a & 0x1F) << 6 | (buf[pos++] & 0x3F)));
            } else if ((a & 0xF0) == 0xE0 && pos + 1 < end) {
                s.append((char) ((a & 0x0F) << 12 | (buf[pos++] & 0x3F) << 6 | (buf[pos++] & 0x3F)));
            } else {
                throw new IllegalStateException("stored value: malformed modified UTF-8");
            }
        }
        return shared(s.toString());
    }

    /** The next {@code n} bytes. */
    public byte[] bytes(int n) {
        if (n < 0 || n > limit - pos) {
            throw new IllegalStateException("stored value ends early");
        }
        byte[] out = java.util.Arrays.copyOfRange(buf, pos, pos + n);
        pos += n;
        return out;
    }

    public boolean atEnd() {
        return pos == limit;
    }

    String shared(String s) {
        return canon == null ? s : canon.string(s);
    }

    private byte next() {
        if (pos >= limit) {
            throw new IllegalStateException("stored value ends early");
        }
        return buf[pos++];
    }
}
