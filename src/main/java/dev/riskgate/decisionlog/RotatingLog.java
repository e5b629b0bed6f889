package dev.riskgate.decisionlog;

import dev.riskgate.files.OwnerOnly;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.stream.Stream;

/**
 * JSON Lines appended to {@code dir/prefix-NNNNNN.jsonl}, a new file past {@link Retention#maxFileBytes()},
 * old files deleted by age and total size at open and at each rotation. Each line reaches the OS with one
 * write before {@link #append} returns, so it survives a crash of the process. Owner-only, like every
 * file that holds account ids or who said what.
 */
public final class RotatingLog implements AutoCloseable {

    private final Path dir;
    private final String prefix;
    private final Retention retention;
    private final RetentionSweep sweep;
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

    /** Appends the first {@code length} of {@code bytes}: whole lines of UTF-8, each ending in a newline. */
    public synchronized void append(byte[] bytes, int length) {
        try {
            if (out == null || size + length > retention.maxFileBytes()) {
                rotate();
            }
            ByteBuffer buf = ByteBuffer.wrap(bytes, 0, length);
            while (buf.hasRemaining()) {
                out.write(buf);
            }
            size += length;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to " + current, e);
        }
    }

    /** The file being written, or null before the first line. */
    public synchronized Path current() {
        return current;
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
    public synchronized void close() {
        if (out != null) {
            try {
                out.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            out = null;
        }
    }
}
