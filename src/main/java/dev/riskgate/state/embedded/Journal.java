package dev.riskgate.state.embedded;

import dev.riskgate.files.GroupedWrites;
import dev.riskgate.files.OwnerOnly;
import dev.riskgate.state.StateUnavailable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import java.util.zip.CRC32;

/**
 * The append-only log of commits, in numbered segment files. A frame is {@code [length][crc32][lsn][body]};
 * the crc covers lsn and body, so a frame torn by a crash is recognised and dropped at recovery instead
 * of being read as data ({@link SegmentReader}). A frame is handed to the operating system (one write,
 * shared with the frames appended alongside it) before {@link #append} returns, which is what survives kill -9; {@link #sync} adds fsync for power loss.
 * Lsns only grow, and are consecutive within a run (a failed write takes none): recovery relies on the
 * first to find frames again past damage, repair on the second to count the commits lost in it.
 */
final class Journal implements AutoCloseable {

    static final int HEADER = 16;
    static final int MAGIC = 0x52474A4C; // "RGJL"
    static final int MAX_FRAME = 16 << 20;
    /** The most frames one caller writes for the others at once: a bound on its wait, far above usual queues. */
    static final int MAX_BATCH = 128;

    /** Where a frame landed: its log sequence number and the segment offset just past it. */
    record Position(long lsn, long segment, long end) {
    }

    private final Path dir;
    private final ReentrantLock lock = new ReentrantLock();
    private final ReentrantLock syncLock = new ReentrantLock();
    private final GroupedWrites<byte[], Position> writes = new GroupedWrites<>(lock, MAX_BATCH, this::write);
    private FileChannel channel;
    private long segment;
    private long position;
    private long synced;
    private long lastLsn;
    private long sinceCheckpoint;
    private IOException broken;
    /** The last write's or fsync's failure, until a later one succeeds ({@link #failure}). */
    private volatile IOException writeFailed;
    private volatile IOException syncFailed;

    Journal(Path dir, long segment, long lastLsn, long sinceCheckpoint) throws IOException {
        this.dir = dir;
        this.lastLsn = lastLsn;
        this.sinceCheckpoint = sinceCheckpoint;
        start(segment);
    }

    static Path segmentFile(Path dir, long n) {
        return dir.resolve(String.format("segment-%012d.log", n));
    }

    /**
     * Writes {@code frame} (built with {@link #HEADER} bytes reserved in front) as the next commit. Frames
     * appended while another is being written are written together, by whichever caller gets the lock
     * next, in one write call ({@link GroupedWrites}); each caller returns once its own frame is written.
     */
    Position append(byte[] frame) {
        return writes.append(frame);
    }

    /** Writes {@code frames} as the next commits, in one write call: all of them, or (on a failure) none. */
    private List<Position> write(List<byte[]> frames) {
        if (broken != null) {
            throw new StateUnavailable("the journal is not writable since an earlier failure: " + broken.getMessage(), broken);
        }
        ByteBuffer[] bufs = new ByteBuffer[frames.size()];
        long lsn = lastLsn;
        for (int i = 0; i < bufs.length; i++) {
            byte[] frame = frames.get(i);
            ByteBuffer buf = ByteBuffer.wrap(frame);
            buf.putLong(8, ++lsn);
            CRC32 crc = new CRC32();
            crc.update(frame, 8, frame.length - 8);
            buf.putInt(0, frame.length - 8);
            buf.putInt(4, (int) crc.getValue());
            bufs[i] = buf;
        }
        long start = position;
        try {
            while (bufs[bufs.length - 1].hasRemaining()) {
                channel.write(bufs);
            }
        } catch (IOException e) {
            writeFailed = e;
            undo(start, e);
            throw new StateUnavailable("journal write failed: " + e.getMessage(), e);
        }
        writeFailed = null;
        List<Position> written = new ArrayList<>(bufs.length);
        for (byte[] frame : frames) {
            lastLsn++;
            position += frame.length;
            sinceCheckpoint += frame.length;
            written.add(new Position(lastLsn, segment, position));
        }
        return written;
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
            syncFailed = null;
        } catch (IOException e) {
            syncFailed = e;
            throw new StateUnavailable("journal fsync failed: " + e.getMessage(), e);
        } finally {
            syncLock.unlock();
        }
    }

    /**
     * Closes the current segment (forced to disk) and starts the next; returns the new segment's number.
     * The next one is created first: on a full disk the rotation fails and commits go on in the current one.
     */
    long rotate() throws IOException {
        syncLock.lock();
        lock.lock();
        try {
            FileChannel next = create(segment + 1);
            try {
                channel.force(false);
                channel.close();
            } catch (IOException e) {
                discard(next, segment + 1, e);
                throw e;
            }
            use(next, segment + 1);
            sinceCheckpoint = 0;
            return segment;
        } finally {
            lock.unlock();
            syncLock.unlock();
        }
    }

    /** Why the journal cannot take commits now: its last write (or fsync) failed, or null once one succeeds. */
    IOException failure() {
        IOException write = writeFailed;
        return write != null ? write : syncFailed;
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
        use(create(n), n);
    }

    /** Segment {@code n} with its header written; a failure leaves no file behind, so a later try can create it. */
    private FileChannel create(long n) throws IOException {
        FileChannel created = OwnerOnly.open(segmentFile(dir, n), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        try {
            ByteBuffer header = ByteBuffer.allocate(8).putInt(MAGIC).putInt(JournalFrames.VERSION).flip();
            while (header.hasRemaining()) {
                created.write(header);
            }
            return created;
        } catch (IOException e) {
            discard(created, n, e);
            throw e;
        }
    }

    private void discard(FileChannel created, long n, IOException cause) {
        try {
            created.close();
            Files.deleteIfExists(segmentFile(dir, n));
        } catch (IOException e) {
            cause.addSuppressed(e);
        }
    }

    private void use(FileChannel next, long n) {
        channel = next;
        segment = n;
        position = 8;
        synced = 0;
        broken = null;
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
