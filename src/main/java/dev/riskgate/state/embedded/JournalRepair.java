package dev.riskgate.state.embedded;

import dev.riskgate.files.OwnerOnly;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code riskgate repair}: the way past a start refused with {@link JournalDamaged}. Each damaged stretch
 * of a segment is moved aside byte for byte to {@code <segment>.damaged-<offset>}, and the segment is
 * rewritten with every intact frame: those before the damage and those {@link SegmentReader} finds again
 * after it. It prints what it kept and what was lost: commits by lsn (consecutive within the journal, so a
 * gap is a count), and the event ids the damaged bytes still name. A crash's torn tail at the end of the
 * newest segment is moved aside too (the start would cut it; it was never acknowledged).
 *
 * <p>Crash-safe: the damaged bytes are written and fsynced first, then the rewritten segment goes to a
 * {@code .tmp} file, is fsynced and renamed over the original. Run again after a crash, it does the same.
 */
public final class JournalRepair {

    /**
     * What a repair did. {@code lost} counts the commits lost, exactly where intact lsns bound the damage;
     * {@code lossUnknown} says some were not bounded, so {@code lost} is a floor; {@code checkpointDamaged}
     * says the newest checkpoint's checksum fails, which no repair mends.
     */
    public record Report(int segments, int repaired, long kept, long lost, boolean lossUnknown, long bytesMovedAside,
                         boolean checkpointDamaged) {
        public boolean damaged() {
            return repaired > 0;
        }
    }

    private static final int LISTED_IDS = 20;

    private final Path dir;
    private final PrintStream out;

    private JournalRepair(Path dir, PrintStream out) {
        this.dir = dir;
        this.out = out;
    }

    /** Repairs the journal under {@code dataDir}, printing to {@code out}; riskgate must be stopped. */
    public static Report run(Path dataDir, PrintStream out) throws IOException {
        Path dir = dataDir.resolve("journal");
        if (!Files.isDirectory(dir)) {
            out.println("no journal in " + dataDir + "; nothing to repair");
            return new Report(0, 0, 0, 0, false, 0, false);
        }
        try (FileChannel lockFile = OwnerOnly.open(dir.resolve("LOCK"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock lock = JournalStateStore.tryLock(lockFile)) {
            if (lock == null) {
                throw new IllegalStateException("the state in " + dir + " is in use by another riskgate process; stop it first");
            }
            return new JournalRepair(dir, out).run();
        }
    }

    /** One segment as read: its intact frames and damaged stretches. */
    private static final class Survey implements SegmentReader.Visitor {
        final Path file;
        final long size;
        final boolean newest;
        final long lsnFloor;
        final List<Loss> losses = new ArrayList<>();
        long frames;
        long firstLsn;
        long lastLsn;
        /** From the header, or (a damaged header) the version the first intact frame decodes as; 0 until known. */
        int version;

        Survey(Path file, boolean newest, long lsnFloor) throws IOException {
            this.file = file;
            this.size = Files.size(file);
            this.newest = newest;
            this.lsnFloor = lsnFloor;
        }

        boolean endsDamaged() {
            return !losses.isEmpty() && losses.get(losses.size() - 1).damage.end() == size;
        }

        @Override
        public void version(int version) {
            this.version = version;
        }

        @Override
        public void frame(long offset, long lsn, ByteBuffer frame) {
            if (version == 0) {
                version = versionOf(frame);
            }
            frames++;
            firstLsn = firstLsn == 0 ? lsn : firstLsn;
            lastLsn = lsn;
            if (!losses.isEmpty() && losses.get(losses.size() - 1).lsnAfter < 0) {
                losses.get(losses.size() - 1).lsnAfter = lsn;
            }
        }

        @Override
        public void damage(SegmentReader.Damage damage) {
            losses.add(new Loss(damage, lastLsn > 0 ? lastLsn : -1));
        }
    }

    /**
     * The segment version a frame decodes as, for a segment whose header is damaged: the newest that reads
     * it whole (each version's commit ends exactly where its frame does, and a checksum vouches for the bytes).
     */
    private static int versionOf(ByteBuffer frame) {
        for (int v = JournalFrames.VERSION; v >= JournalFrames.OLDEST_READ; v--) {
            try {
                JournalFrames.decode(v, frame.duplicate(), null);
                return v;
            } catch (RuntimeException other) {
                // not this version's layout
            }
        }
        return JournalFrames.VERSION;
    }

    /** A damaged stretch and the intact lsns around it (-1: none known). */
    private static final class Loss {
        final SegmentReader.Damage damage;
        long lsnBefore;
        long lsnAfter = -1;
        List<String> eventIds = List.of();
        int declaredFrames;

        Loss(SegmentReader.Damage damage, long lsnBefore) {
            this.damage = damage;
            this.lsnBefore = lsnBefore;
        }

        /** Commits lost in the stretch, or -1 when the lsns around it do not say. */
        long lost() {
            long gap = lsnAfter - lsnBefore - 1;
            return lsnBefore >= 0 && lsnAfter > 0 && gap >= 0 ? gap : -1;
        }
    }

    private Report run() throws IOException {
        long covered = Recovery.covered(dir);
        List<Long> numbers = Recovery.segments(dir, covered);
        // The last intact lsn so far, when the count is known to go on from it: a fresh journal starts at 1;
        // after a checkpoint, the first segment's lsns are not known ahead, nor are those after damage.
        long before = Files.exists(Checkpoint.file(dir, covered)) ? -1 : 0;
        Loss open = null; // a stretch that ran to the end of its segment, waiting for the next intact lsn
        long highest = 0; // lsns only grow: a frame found again past damage is past every earlier one
        List<Survey> surveys = new ArrayList<>();
        for (int i = 0; i < numbers.size(); i++) {
            Survey survey = new Survey(Journal.segmentFile(dir, numbers.get(i)), i == numbers.size() - 1, highest);
            SegmentReader.read(survey.file, survey.lsnFloor, survey);
            surveys.add(survey);
            highest = Math.max(highest, survey.lastLsn);
            if (survey.frames == 0 && survey.losses.isEmpty()) {
                continue; // an empty segment changes nothing
            }
            boolean startsIntact = survey.losses.isEmpty() || survey.losses.get(0).lsnBefore > 0;
            if (open != null && startsIntact) {
                open.lsnAfter = survey.firstLsn;
            }
            if (!startsIntact) {
                survey.losses.get(0).lsnBefore = before;
            }
            open = survey.endsDamaged() ? survey.losses.get(survey.losses.size() - 1) : null;
            before = open != null ? -1 : survey.lastLsn;
        }
        int repaired = 0;
        long kept = 0;
        long lost = 0;
        boolean unknown = false;
        long moved = 0;
        for (Survey survey : surveys) {
            kept += survey.frames;
            if (survey.losses.isEmpty()) {
                continue;
            }
            repaired++;
            rewrite(survey);
            for (Loss loss : survey.losses) {
                moved += loss.damage.bytes();
                if (!neverAcknowledged(survey, loss)) {
                    // Unbounded by lsns, the damaged bytes still hold at least the frames they declare, and
                    // bytes that are not a torn tail held at least one.
                    lost += loss.lost() >= 0 ? loss.lost() : Math.max(1, loss.declaredFrames);
                    unknown |= loss.lost() < 0;
                }
            }
            print(survey);
        }
        Path checkpoint = Checkpoint.file(dir, covered);
        boolean checkpointDamaged = Files.exists(checkpoint) && !Checkpoint.checksumHolds(checkpoint);
        if (checkpointDamaged) {
            // Its journal was deleted once it was durable: nothing here holds what it held.
            out.println(checkpoint + ": damaged (its checksum does not match). repair does not mend checkpoints:"
                    + " restore the journal directory from a backup, or start on an empty one and import history.");
        }
        String outcome = checkpointDamaged ? "riskgate still cannot start (the checkpoint)." : "riskgate can start.";
        if (repaired == 0) {
            out.printf("no damage in %d journal segment%s of %s; nothing to repair. %s%n", surveys.size(),
                    surveys.size() == 1 ? "" : "s", dir, outcome);
        } else {
            out.printf("repaired %d of %d segments: kept %,d commits, lost %s%,d; %,d bytes moved aside. %s%n",
                    repaired, surveys.size(), kept, unknown ? "at least " : "", lost, moved, outcome);
        }
        return new Report(surveys.size(), repaired, kept, lost, unknown, moved, checkpointDamaged);
    }

    private static boolean neverAcknowledged(Survey survey, Loss loss) {
        return survey.newest && loss.damage.tornTail();
    }

    /** Moves each damaged stretch aside, then replaces the segment with its intact frames. */
    private void rewrite(Survey survey) throws IOException {
        Path file = survey.file;
        try (FileChannel source = FileChannel.open(file, StandardOpenOption.READ)) {
            for (Loss loss : survey.losses) {
                SegmentReader.Damage d = loss.damage;
                try (FileChannel aside = OwnerOnly.open(movedTo(d), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                        StandardOpenOption.TRUNCATE_EXISTING)) {
                    for (long done = 0; done < d.bytes(); ) {
                        done += source.transferTo(d.offset() + done, d.bytes() - done, aside);
                    }
                    aside.force(true);
                }
                readIds(source, loss, survey.version == 0 ? JournalFrames.VERSION : survey.version);
            }
        }
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (FileChannel target = OwnerOnly.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            // The frames keep their layout, so the header keeps the version they were written in.
            int version = survey.version == 0 ? JournalFrames.VERSION : survey.version;
            write(target, ByteBuffer.allocate(8).putInt(Journal.MAGIC).putInt(version).flip());
            SegmentReader.read(file, survey.lsnFloor, new SegmentReader.Visitor() { // as surveyed
                @Override
                public void frame(long offset, long lsn, ByteBuffer frame) throws IOException {
                    write(target, frame);
                }

                @Override
                public void damage(SegmentReader.Damage damage) {
                }
            });
            target.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        }
        SegmentReader.read(file, 0, new SegmentReader.Visitor() {
            @Override
            public void frame(long offset, long lsn, ByteBuffer frame) {
            }

            @Override
            public void damage(SegmentReader.Damage damage) throws IOException {
                throw new IOException(file + " still reads as damaged after its repair: " + damage);
            }
        });
    }

    private static Path movedTo(SegmentReader.Damage d) {
        return d.file().resolveSibling(d.file().getFileName() + ".damaged-" + d.offset());
    }

    private static void write(FileChannel target, ByteBuffer bytes) throws IOException {
        while (bytes.hasRemaining()) {
            target.write(bytes);
        }
    }

    /**
     * The event ids the damaged bytes still name: frames are walked by their declared lengths and their ids
     * read without a valid checksum, so an id may itself be garbled; bytes that do not decode are skipped.
     */
    private static void readIds(FileChannel source, Loss loss, int version) throws IOException {
        SegmentReader.Damage d = loss.damage;
        List<String> ids = new ArrayList<>();
        int frames = 0;
        ByteBuffer header = ByteBuffer.allocate(8);
        for (long p = d.offset() == 0 ? 8 : d.offset(); p + Journal.HEADER <= d.end(); ) {
            header.clear();
            source.read(header, p);
            int length = header.getInt(0);
            if (length < 8 || length > Journal.MAX_FRAME || p + 8 + length > d.end()) {
                break;
            }
            frames++;
            ByteBuffer frame = ByteBuffer.allocate(8 + length);
            while (frame.hasRemaining() && source.read(frame, p + frame.position()) >= 0) {
                // read the whole frame
            }
            frame.flip();
            try {
                String id = JournalFrames.eventId(version, frame);
                if (ids.size() < LISTED_IDS) {
                    ids.add(id);
                }
            } catch (RuntimeException undecodable) {
                // a garbled frame: its id is not known
            }
            p += 8 + length;
        }
        loss.eventIds = ids;
        loss.declaredFrames = frames;
    }

    private void print(Survey survey) {
        out.printf("%s: %d damaged stretch%s; %,d intact frames kept%s%n", survey.file, survey.losses.size(),
                survey.losses.size() == 1 ? "" : "es", survey.frames,
                survey.frames == 0 ? "" : " (lsn " + survey.firstLsn + " to " + survey.lastLsn + ")");
        for (Loss loss : survey.losses) {
            SegmentReader.Damage d = loss.damage;
            out.printf("  bytes %d to %d (%,d bytes): %s%n", d.offset(), d.end(), d.bytes(), d.what());
            out.printf("    moved to %s%n", movedTo(d).getFileName());
            if (neverAcknowledged(survey, loss)) {
                out.println("    a write a crash cut short at the end of the newest segment: never acknowledged, nothing lost");
            } else if (loss.lost() == 0) {
                out.println("    no commit lost (the lsns on either side are consecutive)");
            } else if (loss.lost() > 0) {
                out.printf("    lost %,d commit%s: lsn %s%n", loss.lost(), loss.lost() == 1 ? "" : "s", loss.lost() == 1
                        ? Long.toString(loss.lsnBefore + 1) : (loss.lsnBefore + 1) + " to " + (loss.lsnAfter - 1));
            } else {
                String bound = loss.lsnBefore > 0 ? " from lsn " + (loss.lsnBefore + 1) + " on"
                        : loss.lsnAfter > 0 ? " before lsn " + loss.lsnAfter : "";
                out.printf("    lost commits%s, how many no intact lsn on %s side says; the damaged bytes declare %d frame%s%n",
                        bound, bound.isEmpty() ? "either" : "the other", loss.declaredFrames,
                        loss.declaredFrames == 1 ? "" : "s");
            }
            if (!loss.eventIds.isEmpty()) {
                out.printf("    event ids in the damaged bytes (read without a valid checksum, may be garbled): %s%s%n",
                        String.join(", ", loss.eventIds), loss.declaredFrames > loss.eventIds.size() ? ", ..." : "");
            }
            if (d.end() < survey.size) {
                out.printf("    intact frames found again at byte %d%n", d.end());
            }
        }
    }
}
