package dev.riskgate.state.embedded;

import dev.riskgate.state.codec.Canon;
import java.io.IOException;
import java.nio.ByteBuffer;
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
 * order. A torn tail at the end of the newest segment (a write a crash cut short, never acknowledged;
 * {@link SegmentReader} says exactly what that is) is cut off; any other damage stops the start with
 * {@link JournalDamaged}, since skipping it would silently lose acknowledged commits. {@link JournalRepair}
 * is the operator's way past it.
 */
record Recovery(long nextSegment, long lastLsn, long replayedBytes) {

    private static final Logger LOG = LoggerFactory.getLogger(Recovery.class);
    private static final Pattern SEGMENT = Pattern.compile("segment-(\\d{12})\\.log");
    private static final Pattern CHECKPOINT = Pattern.compile("checkpoint-(\\d{12})\\.bin");

    static Recovery run(JournalStateStore store, Path dir) throws IOException {
        long covered = covered(dir);
        long lastLsn = 0;
        Canon canon = new Canon();
        Path checkpoint = Checkpoint.file(dir, covered);
        if (Files.exists(checkpoint)) {
            lastLsn = Checkpoint.read(store, checkpoint);
        }
        dropCovered(dir, covered);
        List<Long> segments = segments(dir, covered);
        long last = lastLsn;
        long replayed = 0;
        // What the reader may take as a floor for lsns past damage: not the checkpoint's, whose copy may hold
        // commits of the first segment too.
        long replayedLsn = 0;
        for (int i = 0; i < segments.size(); i++) {
            Path file = Journal.segmentFile(dir, segments.get(i));
            Replay replay = new Replay(store, canon);
            SegmentReader.read(file, replayedLsn, replay);
            SegmentReader.Damage damage = replay.damage;
            int later = segments.size() - 1 - i;
            if (damage != null && (!damage.tornTail() || later > 0)) {
                throw refusal(damage, replay.framesAfterDamage, later, dir.getParent());
            }
            if (damage != null) {
                LOG.warn("{}: cutting {} bytes at byte {}, {}: the end of a write a crash interrupted (never acknowledged)",
                        file, damage.bytes(), damage.offset(), damage.what());
                try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
                    ch.truncate(damage.offset());
                    ch.force(true);
                }
            }
            last = Math.max(last, replay.lastLsn);
            replayed += damage == null ? Files.size(file) : damage.offset();
            replayedLsn = Math.max(replayedLsn, replay.lastLsn);
        }
        long next = segments.isEmpty() ? covered : Math.max(covered, segments.get(segments.size() - 1) + 1);
        return new Recovery(next, last, replayed);
    }

    private static JournalDamaged refusal(SegmentReader.Damage damage, long framesAfter, int laterSegments, Path dataDir)
            throws IOException {
        StringBuilder after = new StringBuilder();
        if (framesAfter > 0) {
            after.append(framesAfter).append(" intact frames follow it from byte ").append(damage.end());
        }
        if (laterSegments > 0) {
            after.append(after.isEmpty() ? "" : ", and ").append(laterSegments).append(" later segment")
                    .append(laterSegments == 1 ? " follows" : "s follow");
        }
        String why = after.isEmpty() ? "it is not an incomplete frame at the end of the newest segment" : after.toString();
        Path file = damage.file();
        return new JournalDamaged(file + " is damaged at byte " + damage.offset() + " of " + Files.size(file) + " ("
                + damage.what() + "; " + why + "). A crash leaves only an incomplete frame at the very end, so these"
                + " bytes held written, perhaps acknowledged, commits, and riskgate does not start without them. Copy "
                + file.getParent() + " aside, then run `riskgate repair --data " + dataDir + "`: it moves the damaged"
                + " bytes to " + file.getFileName() + ".damaged-" + damage.offset() + ", keeps every intact commit and"
                + " lists what was lost (docs/state.md, Damage and repair)", file, damage.offset());
    }

    /** Folds the intact frames before a segment's first damage; counts the intact ones after it. */
    private static final class Replay implements SegmentReader.Visitor {
        private final JournalStateStore store;
        private final Canon canon;
        SegmentReader.Damage damage;
        long lastLsn;
        long framesAfterDamage;
        int version;

        Replay(JournalStateStore store, Canon canon) {
            this.store = store;
            this.canon = canon;
        }

        @Override
        public void version(int version) {
            this.version = version;
        }

        @Override
        public void frame(long offset, long lsn, ByteBuffer frame) throws IOException {
            if (damage != null) {
                framesAfterDamage++;
                return;
            }
            JournalFrames.Decoded d = JournalFrames.decode(version, frame, canon);
            store.fold(d.commit(), lsn, d.at());
            lastLsn = lsn;
        }

        @Override
        public void damage(SegmentReader.Damage found) {
            if (damage == null) {
                damage = found;
            }
        }
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

    /** The number of the newest checkpoint: segments before it are covered by it (1 when there is none). */
    static long covered(Path dir) throws IOException {
        return numbers(dir, CHECKPOINT).stream().mapToLong(Long::longValue).max().orElse(1);
    }

    /** The segments a start replays over checkpoint {@code covered}, in order. */
    static List<Long> segments(Path dir, long covered) throws IOException {
        return numbers(dir, SEGMENT).stream().filter(n -> n >= covered).sorted().toList();
    }

    private static List<Long> numbers(Path dir, Pattern pattern) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> pattern.matcher(p.getFileName().toString()))
                    .filter(Matcher::matches).map(m -> Long.parseLong(m.group(1))).toList();
        }
    }
}
