package dev.riskgate.state.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import dev.riskgate.MutableClock;
import dev.riskgate.state.AnswerWindows;
import dev.riskgate.state.Commit;
import dev.riskgate.state.StateKeys;
import dev.riskgate.state.formats.ReleasedFormats;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A data directory riskgate 2e2a270 wrote (checkpoint version 4, then journal segment version 3, with an
 * alert in outbox.log; {@code src/test/resources/formats/journal-2e2a270}, from {@link ReleasedFormats})
 * opens to exactly what a store of this version holds after the same commits, before and after it has
 * rewritten everything in its own formats.
 */
class ReleasedJournalTest {

    @TempDir
    Path released;
    @TempDir
    Path fresh;

    @Test
    void aReleasedDataDirectoryReadsAsTheSameCommitsWrittenNow() throws IOException {
        copyFixture("journal-2e2a270/journal", List.of("checkpoint-000000000002.bin", "outbox.log",
                "segment-000000000002.log", "segment-000000000003.log"));
        MutableClock clock = new MutableClock(ReleasedFormats.START.plus(ReleasedFormats.LATER));

        try (JournalStateStore now = writtenNow(ReleasedFormats.first(), ReleasedFormats.second(),
                new MutableClock(ReleasedFormats.START));
             JournalStateStore old = JournalStateStore.open(released, clock, false, AnswerWindows.DEFAULT)) {
            assertSameState(old, now, ReleasedFormats.allKeys());
        }
        // Closing wrote a checkpoint of this version over the released files: it reads the same again.
        try (JournalStateStore now = JournalStateStore.open(fresh, clock, false, AnswerWindows.DEFAULT);
             JournalStateStore old = JournalStateStore.open(released, clock, false, AnswerWindows.DEFAULT)) {
            assertSameState(old, now, ReleasedFormats.allKeys());
        }
    }

    /** Segment versions 1 and 2 differ from 3 only by flags and operations a segment of whole records has none of. */
    @Test
    void segmentsOfVersionsOneAndTwoAreRead() throws IOException {
        List<Commit> wholeRecords = List.of(new Commit(ReleasedFormats.keys1(), null, ReleasedFormats.record1(),
                        ReleasedFormats.first().get(0).account(), ReleasedFormats.first().get(0).device(),
                        ReleasedFormats.first().get(0).store()),
                ReleasedFormats.first().get(1), ReleasedFormats.first().get(2));
        MutableClock clock = new MutableClock(ReleasedFormats.START);
        try (JournalStateStore now = writtenNow(wholeRecords, List.of(), new MutableClock(ReleasedFormats.START))) {
            for (int version = 1; version <= 2; version++) {
                Path dir = Files.createDirectories(released.resolve("v" + version));
                Path segment = Files.createDirectories(dir.resolve("journal")).resolve("segment-000000000001.log");
                try (InputStream in = fixture("segment-whole-records-2e2a270.log")) {
                    Files.copy(in, segment);
                }
                try (RandomAccessFile f = new RandomAccessFile(segment.toFile(), "rw")) {
                    f.seek(4);
                    f.writeInt(version);
                }
                try (JournalStateStore old = JournalStateStore.open(dir, clock, false, AnswerWindows.DEFAULT)) {
                    assertSameState(old, now, List.of(ReleasedFormats.keys1(), ReleasedFormats.keys2()));
                }
            }
        }
    }

    /**
     * A repair rewrites a segment with its intact frames, which keep the layout they were written in: the
     * rewritten segment keeps its version, or its frames would be read in another layout.
     */
    @Test
    void aRepairedReleasedSegmentKeepsItsVersion() throws IOException {
        copyFixture("journal-2e2a270/journal", List.of("checkpoint-000000000002.bin", "outbox.log",
                "segment-000000000002.log", "segment-000000000003.log"));
        Path segment = released.resolve("journal/segment-000000000003.log");
        byte[] bytes = Files.readAllBytes(segment);
        bytes[8 + 20] ^= 0x55; // inside the first frame's commit: its checksum no longer matches
        Files.write(segment, bytes);

        JournalRepair.Report report = JournalRepair.run(released, new java.io.PrintStream(
                java.io.OutputStream.nullOutputStream(), true, java.nio.charset.StandardCharsets.UTF_8));

        assertThat(report.lost()).isEqualTo(1);
        assertThat(java.nio.ByteBuffer.wrap(Files.readAllBytes(segment)).getInt(4)).isEqualTo(3);
        List<Commit> second = ReleasedFormats.second();
        MutableClock clock = new MutableClock(ReleasedFormats.START.plus(ReleasedFormats.LATER));
        try (JournalStateStore now = writtenNow(ReleasedFormats.first(), second.subList(1, second.size()),
                new MutableClock(ReleasedFormats.START));
             JournalStateStore old = JournalStateStore.open(released, clock, false, AnswerWindows.DEFAULT)) {
            // The lost decision's alert stays queued: outbox.log had it before the frame was damaged.
            assertSameHistories(old, now, ReleasedFormats.allKeys());
        }
    }

    /** A store of this version after {@code first}, then {@code second} {@link ReleasedFormats#LATER} (if any). */
    private JournalStateStore writtenNow(List<Commit> first, List<Commit> second, MutableClock clock) {
        JournalStateStore store = JournalStateStore.open(fresh, clock, false, AnswerWindows.DEFAULT);
        first.forEach(c -> assertThat(store.apply(c).applied()).as("applied: %s", c).isTrue());
        if (!second.isEmpty()) {
            clock.advance(ReleasedFormats.LATER);
        }
        second.forEach(c -> assertThat(store.apply(c).applied()).as("applied: %s", c).isTrue());
        return store;
    }

    private static void assertSameState(JournalStateStore old, JournalStateStore now, List<StateKeys> keys) {
        assertSameHistories(old, now, keys);
        assertThat(old.outbox().backlog()).isEqualTo(now.outbox().backlog());
    }

    private static void assertSameHistories(JournalStateStore old, JournalStateStore now, List<StateKeys> keys) {
        for (StateKeys k : keys) {
            assertThat(old.decision(k.eventId())).as("decision %s", k.eventId()).isEqualTo(now.decision(k.eventId()));
            assertThat(old.snapshot(k)).as("snapshot of %s", k).isEqualTo(now.snapshot(k));
        }
    }

    private void copyFixture(String from, List<String> names) throws IOException {
        Path journal = Files.createDirectories(released.resolve("journal"));
        for (String name : names) {
            try (InputStream in = fixture(from + "/" + name)) {
                Files.copy(in, journal.resolve(name));
            }
        }
    }

    private static InputStream fixture(String name) {
        InputStream in = ReleasedJournalTest.class.getResourceAsStream("/formats/" + name);
        assertThat(in).as("fixture %s", name).isNotNull();
        return in;
    }
}
