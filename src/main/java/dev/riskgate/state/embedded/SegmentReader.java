package dev.riskgate.state.embedded;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.zip.CRC32;

/**
 * Reads a journal segment back: each intact frame in order, and each stretch of bytes that is not one.
 *
 * <p>A crash can leave one kind of damage only, a <em>torn tail</em>: the last frame cut short (its
 * declared length runs past the end of the file), a header shorter than a frame's, or zeros from a frame
 * boundary to the end, with no intact frame anywhere after. Anything else (a checksum that does not match,
 * a length no frame has, intact frames after the bad bytes) is corruption of bytes that were written
 * whole, and so perhaps of acknowledged commits.
 *
 * <p>After bad bytes, reading resumes at the first later offset where an intact frame starts: its length
 * fits in the file, its lsn is past the last intact one (lsns only grow, {@link Journal}) and its crc32
 * matches.
 * That search is also what tells a frame whose length field was damaged (it seems to run past the end)
 * from a torn tail: intact frames follow it. A candidate longer than any commit (64 KB) must also end the
 * file or be followed by the next lsn's header, which keeps the search through garbage (full of lengths
 * that fit) about as fast as reading.
 */
final class SegmentReader implements AutoCloseable {

    /** Bytes {@code [offset, end)} of {@code file} that hold no intact frame, and what is there. */
    record Damage(Path file, long offset, long end, String what, boolean tornTail) {
        long bytes() {
            return end - offset;
        }
    }

    /** Receives what the reader finds, in file order. */
    interface Visitor {
        /** The segment's format version ({@link JournalFrames}), from its header, before any frame; not called for a damaged header. */
        default void version(int version) throws IOException {
        }

        /** An intact frame at {@code offset}; {@code frame} holds it whole, header first (valid during the call). */
        void frame(long offset, long lsn, ByteBuffer frame) throws IOException;

        void damage(Damage damage) throws IOException;
    }

    private static final int WINDOW = 1 << 20;
    /** Commits are a few hundred bytes; a frame past this is checked more cheaply first when searching. */
    private static final int LIKELY_FRAME = 64 << 10;
    private static final byte[] SEGMENT_HEADER = ByteBuffer.allocate(8).putInt(Journal.MAGIC).putInt(JournalFrames.VERSION).array();

    private final Path file;
    private final FileChannel channel;
    private final long size;
    private byte[] buf = new byte[0];
    private ByteBuffer view = ByteBuffer.wrap(buf);
    private long base;
    private int loaded;
    private long lastLsn;

    private SegmentReader(Path file) throws IOException {
        this.file = file;
        this.channel = FileChannel.open(file, StandardOpenOption.READ);
        this.size = channel.size();
    }

    /** Reads {@code file} from start to end; {@code lsnBefore} is the last lsn of earlier segments (or 0). */
    static void read(Path file, long lsnBefore, Visitor visitor) throws IOException {
        try (SegmentReader reader = new SegmentReader(file)) {
            reader.lastLsn = lsnBefore;
            reader.read(visitor);
        }
    }

    private void read(Visitor visitor) throws IOException {
        if (size == 0) {
            return; // created and never written: nothing to read
        }
        if (size < SEGMENT_HEADER.length) {
            int h = at(0, (int) size);
            boolean prefix = Arrays.equals(buf, h, h + (int) size, SEGMENT_HEADER, 0, (int) size);
            visitor.damage(new Damage(file, 0, size, "an incomplete segment header (" + size + " bytes)", prefix));
            return;
        }
        int h = at(0, SEGMENT_HEADER.length);
        int magic = view.getInt(h);
        int version = view.getInt(h + 4);
        boolean readable = JournalFrames.reads(version);
        if (magic == Journal.MAGIC && !readable && version > 0 && version < 256) {
            throw new IOException(file + " has format version " + version + ", this riskgate reads "
                    + JournalFrames.OLDEST_READ + " to " + JournalFrames.VERSION);
        }
        long p = SEGMENT_HEADER.length;
        if (magic == Journal.MAGIC && readable) {
            visitor.version(version);
        } else {
            long next = resync(p);
            visitor.damage(new Damage(file, 0, next < 0 ? size : next, "a damaged segment header", false));
            if (next < 0) {
                return;
            }
            p = next;
        }
        while (p < size) {
            Bad bad = check(p);
            if (bad == null) {
                int start = at(p, 4); // before reading view: at() may replace it
                int length = view.getInt(start);
                int i = at(p, 8 + length);
                long lsn = view.getLong(i + 8);
                visitor.frame(p, lsn, ByteBuffer.wrap(buf, i, 8 + length).slice());
                lastLsn = lsn;
                p += 8 + length;
                continue;
            }
            long next = resync(p + 1);
            visitor.damage(new Damage(file, p, next < 0 ? size : next, bad.what(), next < 0 && bad.incomplete()));
            if (next < 0) {
                return;
            }
            p = next;
        }
    }

    /** Why the bytes at {@code p} are not an intact frame, and whether they could be one a crash cut short. */
    private record Bad(String what, boolean incomplete) {
    }

    private Bad check(long p) throws IOException {
        long left = size - p;
        if (left < 8) {
            return new Bad("an incomplete frame header (" + left + " bytes)", true);
        }
        int i = at(p, 8);
        int length = view.getInt(i);
        int crc = view.getInt(i + 4);
        if (length < 8 || length > Journal.MAX_FRAME) {
            if (zerosToEnd(p)) {
                return new Bad("zeros to the end of the file (" + left + " bytes)", true);
            }
            return new Bad("a frame length of " + length + " bytes, which no frame has", false);
        }
        if (8 + (long) length > left) {
            // A frame cut short by a crash, unless the bytes to the end are a whole frame of another length.
            if (left >= Journal.HEADER && crc(p + 8, (int) (left - 8)) == crc) {
                return new Bad("a frame whose length field is damaged (" + length + " bytes declared, the "
                        + (left - 8) + " to the end check as one frame)", false);
            }
            return new Bad("an incomplete frame (" + length + " bytes declared, " + (left - 8) + " present)", true);
        }
        if (crc(p + 8, length) != crc) {
            return new Bad("a frame whose checksum does not match", false);
        }
        return null;
    }

    /** The first offset from {@code from} on where an intact frame starts, or -1. */
    private long resync(long from) throws IOException {
        for (long q = from; q + Journal.HEADER <= size; q++) {
            int i = at(q, Journal.HEADER);
            int length = view.getInt(i);
            if (length < 8 || length > Journal.MAX_FRAME || q + 8 + length > size) {
                continue;
            }
            long lsn = view.getLong(i + 8);
            if (lsn <= lastLsn) {
                continue;
            }
            int crc = view.getInt(i + 4);
            // Garbage is full of lengths that fit, each a checksum over megabytes: 10 MB of random bytes
            // took 17 s to search, 1.5 s with this. A frame longer than any commit writes must also end the
            // file or be followed by the next lsn's header.
            if (length > LIKELY_FRAME && !followedByNext(q + 8 + length, lsn)) {
                continue;
            }
            if (crc(q + 8, length) == crc) {
                return q;
            }
        }
        return -1;
    }

    private boolean followedByNext(long end, long lsn) throws IOException {
        if (end == size) {
            return true;
        }
        if (end + Journal.HEADER > size) {
            return false;
        }
        ByteBuffer next = ByteBuffer.allocate(Journal.HEADER);
        while (next.hasRemaining() && channel.read(next, end + next.position()) >= 0) {
            // a read past the window, leaving it in place for the search
        }
        int length = next.getInt(0);
        return length >= 8 && length <= Journal.MAX_FRAME && next.getLong(8) == lsn + 1;
    }

    private boolean zerosToEnd(long p) throws IOException {
        for (long q = p; q < size; ) {
            int n = (int) Math.min(WINDOW, size - q);
            int i = at(q, n);
            for (int k = i; k < i + n; k++) {
                if (buf[k] != 0) {
                    return false;
                }
            }
            q += n;
        }
        return true;
    }

    private int crc(long offset, int length) throws IOException {
        int i = at(offset, length); // first: it may replace buf
        CRC32 crc = new CRC32();
        crc.update(buf, i, length);
        return (int) crc.getValue();
    }

    /** Index in {@link #buf} of file bytes {@code [offset, offset + n)}, read from the file when not held. */
    private int at(long offset, int n) throws IOException {
        if (offset >= base && offset + n <= base + loaded) {
            return (int) (offset - base);
        }
        int capacity = (int) Math.max(n, Math.min(WINDOW, size));
        if (buf.length < capacity) {
            buf = new byte[capacity];
            view = ByteBuffer.wrap(buf);
        }
        int want = (int) Math.min(buf.length, size - offset);
        ByteBuffer into = ByteBuffer.wrap(buf, 0, want);
        while (into.hasRemaining()) {
            if (channel.read(into, offset + into.position()) < 0) {
                throw new EOFException(file + " ended at byte " + (offset + into.position()) + " while being read");
            }
        }
        base = offset;
        loaded = want;
        return 0;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
