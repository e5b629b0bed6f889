package dev.riskgate.state.embedded;

import dev.riskgate.state.StateUnavailable;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.locks.ReentrantLock;
import java.util.zip.CRC32;

/**
 * The append-only log of commits, in numbered segment files. A frame is {@code [length][crc32][lsn][body]};
 * the crc covers lsn and body, so a frame torn by a crash is recognised and dropped at recovery instead
 * of being read as data. A frame is handed to the operating system (one write) before {@link #append}
 * returns, which is what survives kill -9; {@link #sync} adds fsync for power loss.
 */
final class Journal implements AutoCloseable {

    static final int HEADER = 16;
    private static final int MAGIC = 0x52474A4C; // "RGJL"
    private static final int MAX_FRAME = 16 << 20;

    /** Where a frame landed: its log sequence number and the segment offset just past it. */
    record Position(long lsn, long segment, long end) {
    }

    /** Receives each intact frame of a segment at recovery. */
    interface FrameReader {
        void frame(long lsn, DataInputStream body) throws IOException;
    }

    private final Path dir;
    private final ReentrantLock lock = new ReentrantLock();
    private final ReentrantLock syncLock = new ReentrantLock();
    private FileChannel channel;
    private long segment;
    private long position;
    private long synced;
    private long lastLsn;
    private long sinceCheckpoint;
    private IOException broken;

    Journal(Path dir, long segment, long lastLsn, long sinceCheckpoint) throws IOException {
        this.dir = dir;
        this.lastLsn = lastLsn;
        this.sinceCheckpoint = sinceCheckpoint;
        start(segment);
    }

    static Path segmentFile(Path dir, long n) {
        return dir.resolve(String.format("segment-%012d.log", n));
    }

    /** Writes {@code frame} (built with {@link #HEADER} bytes reserved in front) as the next commit. */
    Position append(byte[] frame) {
        lock.lock();
        try {
            if (broken != null) {
                throw new StateUnavailable("the journal is not writable since an earlier failure: " + broken.getMessage(), broken);
            }
            long lsn = lastLsn + 1;
            ByteBuffer buf = ByteBuffer.wrap(frame);
            buf.putLong(8, lsn);
            CRC32 crc = new CRC32();
            crc.update(frame, 8, frame.length - 8);
            buf.putInt(0, frame.length - 8);
            buf.putInt(4, (int) crc.getValue());
            long start = position;
            try {
                while (buf.hasRemaining()) {
                    channel.write(buf);
                }
            } catch (IOException e) {
                undo(start, e);
                throw new StateUnavailable("journal write failed: " + e.getMessage(), e);
            }
            lastLsn = lsn;
            position += frame.length;
            sinceCheckpoint += frame.length;
            return new Position(lsn, segment, position);
        } finally {
            lock.unlock();
        }
    }

    /** A half-written frame would hide every later one from recovery: cut it off, or stop writing. */
    private void undo(long start, IOException cause) {
        try {
            channel.truncate(start);
            channel.position(start);
        } catch (IOException e) {
            cause.addSuppressed(e);
            broken = cause;
        }
    }

    /**
     * Returns once everything up to {@code p} is on disk. Callers that arrive while an fsync is under way
     * are covered by the next one together (group commit without a writer thread).
     */
    void sync(Position p) {
        syncLock.lock();
        try {
            long target;
            lock.lock();
            try {
                if (p.segment() < segment || synced >= p.end()) {
                    return; // a rotation forced the old segment, or another caller's fsync covered it
                }
                target = position;
            } finally {
                lock.unlock();
            }
            channel.force(false);
            synced = Math.max(synced, target);
        } catch (IOException e) {
            throw new StateUnavailable("journal fsync failed: " + e.getMessage(), e);
        } finally {
            syncLock.unlock();
        }
    }

    /** Closes the current segment (forced to disk) and starts the next; returns the new segment's number. */
    long rotate() throws IOException {
        syncLock.lock();
        lock.lock();
        try {
            channel.force(false);
            channel.close();
            start(segment + 1);
            sinceCheckpoint = 0;
            return segment;
        } finally {
            lock.unlock();
            syncLock.unlock();
        }
    }

    long sinceCheckpoint() {
        lock.lock();
        try {
            return sinceCheckpoint;
        } finally {
            lock.unlock();
        }
    }

    private void start(long n) throws IOException {
        channel = FileChannel.open(segmentFile(dir, n), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        ByteBuffer header = ByteBuffer.allocate(8).putInt(MAGIC).putInt(StateBinary.VERSION).flip();
        while (header.hasRemaining()) {
            channel.write(header);
        }
        segment = n;
        position = 8;
        synced = 0;
        broken = null;
    }

    /**
     * Reads every intact frame of {@code file} in order and returns the length of its intact prefix.
     * Reading stops at the first torn or corrupt frame: only the tail of the newest segment can be torn
     * (a crash mid-write), so the caller refuses a short prefix anywhere else.
     */
    static long replay(Path file, FrameReader reader) throws IOException {
        try (InputStream raw = Files.newInputStream(file);
             DataInputStream in = new DataInputStream(new BufferedInputStream(raw, 1 << 16))) {
            if (in.readInt() != MAGIC) {
                throw new IOException(file + " is not a riskgate journal segment");
            }
            int version = in.readInt();
            if (version != StateBinary.VERSION) {
                throw new IOException(file + " has format version " + version + ", this riskgate reads " + StateBinary.VERSION);
            }
            long valid = 8;
            while (true) {
                int length;
                int crc;
                byte[] body;
                try {
                    length = in.readInt();
                    crc = in.readInt();
                    if (length < 8 || length > MAX_FRAME) {
                        return valid;
                    }
                    body = new byte[length];
                    in.readFully(body);
                } catch (EOFException end) {
                    return valid;
                }
                CRC32 check = new CRC32();
                check.update(body);
                if ((int) check.getValue() != crc) {
                    return valid;
                }
                DataInputStream frame = new DataInputStream(new ByteArrayInputStream(body));
                reader.frame(frame.readLong(), frame);
                valid += 8 + length;
            }
        } catch (EOFException shortHeader) {
            return 0;
        }
    }

    @Override
    public void close() throws IOException {
        lock.lock();
        try {
            channel.force(false);
            channel.close();
        } finally {
            lock.unlock();
        }
    }
}
