package dev.riskgate.decisionlog;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes rotated log files past the {@link Retention}: those last written before the age limit, then
 * the oldest while all files together are over the size limit. Runs at open and at each rotation, so it
 * costs nothing per line. The file being written is never deleted.
 */
final class RetentionSweep {

    private static final Logger LOG = LoggerFactory.getLogger(RetentionSweep.class);

    private final Path dir;
    private final String prefix;
    private final Retention retention;
    private final Clock clock;

    /** Sweeps the files {@code prefix-NNNNNN.jsonl} in {@code dir}. */
    RetentionSweep(Path dir, String prefix, Retention retention, Clock clock) {
        this.dir = dir;
        this.prefix = prefix;
        this.retention = retention;
        this.clock = clock;
    }

    private record LogFile(Path path, long size, FileTime modified) {
    }

    /** {@code current} (may be null) is the file being written: it counts toward the size but stays. */
    void run(Path current) {
        try {
            List<LogFile> files = list();
            long total = files.stream().mapToLong(LogFile::size).sum();
            Instant oldest = clock.instant().minus(retention.maxAge());
            for (LogFile f : files) {
                if (f.path.equals(current)) {
                    continue;
                }
                if (f.modified.toInstant().isBefore(oldest) || total > retention.maxTotalBytes()) {
                    Files.deleteIfExists(f.path);
                    total -= f.size;
                    LOG.info("log file {} deleted by retention ({} days, {} bytes in all)", f.path.getFileName(),
                            retention.maxAge().toDays(), retention.maxTotalBytes());
                }
            }
        } catch (IOException e) {
            // Retention failing must not stop decisions being logged; the next rotation tries again.
            LOG.warn("log retention failed in {}: {}", dir, e.toString());
        }
    }

    /** The log's files, oldest first (the index in the name grows with every rotation). */
    private List<LogFile> list() throws IOException {
        List<LogFile> files = new ArrayList<>();
        try (Stream<Path> paths = Files.list(dir)) {
            for (Path p : paths.filter(p -> isLogFile(p.getFileName().toString())).toList()) {
                files.add(new LogFile(p, Files.size(p), Files.getLastModifiedTime(p)));
            }
        }
        files.sort(Comparator.comparing(f -> index(f.path)));
        return files;
    }

    boolean isLogFile(String name) {
        return name.startsWith(prefix + "-") && name.endsWith(".jsonl")
                && name.substring(prefix.length() + 1, name.length() - 6).matches("\\d{6,}");
    }

    long index(Path p) {
        String n = p.getFileName().toString();
        return Long.parseLong(n.substring(prefix.length() + 1, n.length() - 6));
    }
}
