package dev.riskgate.state.embedded;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rebuilds the heap at start: the newest checkpoint, then every journal segment it does not cover, in
 * order. A torn frame at the end of the newest segment (a crash mid-write, never acknowledged) is cut
 * off; damage anywhere else stops the start, since skipping it would silently lose acknowledged commits.
 */
record Recovery(long nextSegment, long lastLsn, long replayedBytes) {

    private static final Logger LOG = LoggerFactory.getLogger(Recovery.class);
    private static final Pattern SEGMENT = Pattern.compile("segment-(\\d{12})\\.log");
    private static final Pattern CHECKPOINT = Pattern.compile("checkpoint-(\\d{12})\\.bin");

    static Recovery run(JournalStateStore store, Path dir) throws IOException {
        long covered = numbers(dir, CHECKPOINT).stream().mapToLong(Long::longValue).max().orElse(1);
        long lastLsn = 0;
        StateBinary.Canon canon = new StateBinary.Canon();
        Path checkpoint = Checkpoint.file(dir, covered);
        if (Files.exists(checkpoint)) {
            lastLsn = Checkpoint.read(store, checkpoint, canon);
        }
        dropCovered(dir, covered);
        List<Long> segments = numbers(dir, SEGMENT).stream().filter(n -> n >= covered).sorted().toList();
        long[] last = {lastLsn};
        long replayed = 0;
        for (int i = 0; i < segments.size(); i++) {
            Path file = Journal.segmentFile(dir, segments.get(i));
            long valid = Journal.replay(file, (lsn, body) -> {
                JournalStateStore.Decoded d = JournalStateStore.decode(body, canon);
                store.fold(d.commit(), lsn, d.at());
                last[0] = Math.max(last[0], lsn);
            });
            long size = Files.size(file);
            if (valid < size) {
                if (i < segments.size() - 1) {
                    throw new IOException(file + " is damaged at byte " + valid + " of " + size
                            + " and later segments follow it; refusing to start without its commits");
                }
                LOG.warn("{}: dropping {} bytes of a frame torn by a crash (never acknowledged)", file, size - valid);
                try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
                    ch.truncate(valid);
                    ch.force(true);
                }
            }
            replayed += valid;
        }
        long next = segments.isEmpty() ? covered : Math.max(covered, segments.get(segments.size() - 1) + 1);
        if (Files.exists(dir.getParent().resolve("riskgate.db"))) {
            LOG.warn("{} holds riskgate.db from the SQLite store of an earlier version; it is not read."
                    + " Warm the new store with `riskgate import` or move the file away.", dir.getParent());
        }
        return new Recovery(next, last[0], replayed);
    }

    /** Deletes segments and checkpoints older than the checkpoint covering {@code covered}, and stray temporaries. */
    static void dropCovered(Path dir, long covered) throws IOException {
        for (long n : numbers(dir, SEGMENT)) {
            if (n < covered) {
                Files.deleteIfExists(Journal.segmentFile(dir, n));
            }
        }
        for (long n : numbers(dir, CHECKPOINT)) {
            if (n < covered) {
                Files.deleteIfExists(Checkpoint.file(dir, n));
            }
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : files.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static List<Long> numbers(Path dir, Pattern pattern) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> pattern.matcher(p.getFileName().toString()))
                    .filter(Matcher::matches).map(m -> Long.parseLong(m.group(1))).toList();
        }
    }
}
