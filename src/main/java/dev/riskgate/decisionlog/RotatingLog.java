package dev.riskgate.decisionlog;

import dev.riskgate.files.GroupedWrites;
import dev.riskgate.files.OwnerOnly;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;

/**
 * JSON Lines appended to {@code dir/prefix-NNNNNN.jsonl}, a new file past {@link Retention#maxFileBytes()},
 * old files deleted by age and total size at open and at each rotation. Each line reaches the OS with one
 * write (shared with the lines appended alongside it) before {@link #append} returns, so it survives a
 * crash of the process. Owner-only, like every file that holds account ids or who said what.
 */
public final class RotatingLog implements AutoCloseable {

    /** The most lines one caller writes for the others at once. */
    private static final int MAX_BATCH = 128;

    private final Path dir;
    private final String prefix;
    private final Retention retention;
    private final RetentionSweep sweep;
    private final ReentrantLock lock = new ReentrantLock();
    private final GroupedWrites<ByteBuffer, Boolean> writes = new GroupedWrites<>(lock, MAX_BATCH, this::write);
    private FileChannel out;
    private Path current;
    private long size;

    private RotatingLog(Path dir, String prefix, Retention retention, Clock clock) {
        this.dir = dir;
        this.prefix = prefix;
        this.retention = retention;
        this.sweep = new RetentionSweep(dir, prefix, retention, clock);
    }

    public static RotatingLog open(Path dir, String prefix, Retention retention, Clock clock) {
        RotatingLog log = new RotatingLog(dir, prefix, retention, clock);
        try {
            OwnerOnly.createDirectory(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
        log.sweep.run(null);
        return log;
    }

    /** The files a log with {@code prefix} in {@code dir} has written, oldest first; none when there is no dir. */
    public static java.util.List<Path> files(Path dir, String prefix) throws IOException {
        if (!Files.isDirectory(dir)) {
            return java.util.List.of();
        }
        RetentionSweep names = new RetentionSweep(dir, prefix, Retention.defaults(), Clock.systemUTC());
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> names.isLogFile(p.getFileName().toString()))
                    .sorted(java.util.Comparator.comparingLong(names::index)).toList();
        }
    }

    /** Appends {@code line} and a newline. */
    public void append(String line) {
        byte[] bytes = (line + "\n").getBytes(StandardCharsets.UTF_8);
        append(bytes, bytes.length);
    }

    /**
     * Appends the first {@code length} of {@code bytes}: whole lines of UTF-8, each ending in a newline.
     * Lines appended while another is being written go out together, in one write call, by whichever
     * caller gets the file next ({@link GroupedWrites}); each caller returns once its own lines are written.
     */
    public void append(byte[] bytes, int length) {
        writes.append(ByteBuffer.wrap(bytes, 0, length));
    }

    /** Writes {@code lines} in order, rotating between two of them when the file would outgrow its bound. */
    private List<Boolean> write(List<ByteBuffer> lines) {
        try {
            int from = 0;
            long batch = 0;
            for (int i = 0; i < lines.size(); i++) {
                int length = lines.get(i).remaining();
                if (out == null || size + batch + length > retention.maxFileBytes()) {
                    writeAll(lines.subList(from, i));
                    rotate();
                    from = i;
                    batch = 0;
                }
                batch += length;
            }
            writeAll(lines.subList(from, lines.size()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to " + current, e);
        }
        return java.util.Collections.nCopies(lines.size(), Boolean.TRUE);
    }

    private void writeAll(List<ByteBuffer> lines) throws IOException {
        if (lines.isEmpty()) {
            return;
        }
        ByteBuffer[] bufs = lines.toArray(ByteBuffer[]::new);
        ByteBuffer last = bufs[bufs.length - 1];
        while (last.hasRemaining()) {
            size += out.write(bufs);
        }
    }

    /** The lock every write takes: a test holds it so that appends queue up and are written as one batch. */
    ReentrantLock fileLock() {
        return lock;
    }

    /** The file being written, or null before the first line. */
    public Path current() {
        lock.lock();
        try {
            return current;
        } finally {
            lock.unlock();
        }
    }

    private void rotate() throws IOException {
        if (out != null) {
            out.close();
        }
        current = dir.resolve(String.format("%s-%06d.jsonl", prefix, nextIndex()));
        out = OwnerOnly.openForAppend(current);
        size = out.size();
        sweep.run(current);
    }

    private long nextIndex() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> sweep.isLogFile(p.getFileName().toString()))
                    .mapToLong(sweep::index).max().orElse(0) + 1;
        }
    }

    @Override
    public void close() {
        lock.lock();
        try {
            if (out != null) {
                out.close();
                out = null;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            lock.unlock();
        }
    }
}
