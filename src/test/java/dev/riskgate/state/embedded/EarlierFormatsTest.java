package dev.riskgate.state.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import dev.riskgate.MutableClock;
import dev.riskgate.decision.Decision;
import dev.riskgate.decision.Reason;
import dev.riskgate.decision.Verdict;
import dev.riskgate.event.EventType;
import dev.riskgate.state.AnswerWindows;
import dev.riskgate.state.Commit;
import dev.riskgate.state.DecisionRecord;
import dev.riskgate.state.HistoryEvent;
import dev.riskgate.state.StateKeys;
import dev.riskgate.state.Status;
import dev.riskgate.state.formats.ReleasedFormats;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Journals and checkpoints an earlier riskgate wrote are still read after the compact-record change:
 * segment format 1 (version 2 only added a flag for compact records) and checkpoint format 2 (version 3
 * only added a marker for them). Checkpoints are written by this store, with whole records and no frozen
 * account, and then given the earlier version number, which is what an earlier version wrote byte for
 * byte; the segment is one riskgate 2e2a270 wrote ({@link ReleasedJournalTest}), given version 1.
 */
class EarlierFormatsTest {

    private static final Instant START = Instant.parse("2025-06-01T00:00:00Z");

    @TempDir
    Path dataDir;
    private final MutableClock clock = new MutableClock(START);

    @Test
    void aVersionOneSegmentIsReadAndItsRecordsTurnCompactWithAge() throws IOException {
        Path segment = Files.createDirectories(dataDir.resolve("journal")).resolve("segment-000000000001.log");
        try (InputStream in = getClass().getResourceAsStream("/formats/segment-whole-records-2e2a270.log")) {
            Files.copy(in, segment);
        }
        setVersion(segment, 1);
        clock.advance(Duration.between(START, ReleasedFormats.START));

        try (JournalStateStore store = JournalStateStore.open(dataDir, clock, false, AnswerWindows.DEFAULT)) {
            assertThat(store.decision("evt-1")).contains(ReleasedFormats.record1Passed());
            clock.advance(AnswerWindows.DEFAULT.idempotency());
            assertThat(store.decision("evt-1")).contains(ReleasedFormats.record1Passed().compact());
        }
    }

    @Test
    void aVersionTwoCheckpointIsRead() throws IOException {
        Commit decided = decision("evt-1");
        try (JournalStateStore store = JournalStateStore.open(dataDir, clock, false, AnswerWindows.DEFAULT)) {
            store.apply(decided);
        } // closing checkpoints
        Path checkpoint = only("checkpoint-");
        setVersion(checkpoint, 2);
        rewriteCrc(checkpoint);

        try (JournalStateStore store = JournalStateStore.open(dataDir, clock, false, AnswerWindows.DEFAULT)) {
            assertThat(store.decision("evt-1")).contains(decided.record());
            assertThat(store.snapshot(decided.keys()).account().events()).hasSize(1);
        }
    }

    @Test
    void aVersionThreeCheckpointIsRead() throws IOException {
        Commit decided = decision("evt-1");
        try (JournalStateStore store = JournalStateStore.open(dataDir, clock, false, AnswerWindows.DEFAULT)) {
            store.apply(decided);
        } // closing checkpoints: no account frozen, so the bytes are version 3's
        Path checkpoint = only("checkpoint-");
        setVersion(checkpoint, 3);
        rewriteCrc(checkpoint);

        try (JournalStateStore store = JournalStateStore.open(dataDir, clock, false, AnswerWindows.DEFAULT)) {
            assertThat(store.decision("evt-1")).contains(decided.record());
            assertThat(store.snapshot(decided.keys()).account().events()).hasSize(1);
            assertThat(store.snapshot(decided.keys()).account().freeze()).isNull();
        }
    }

    private Path only(String prefix) throws IOException {
        try (Stream<Path> files = Files.list(dataDir.resolve("journal"))) {
            List<Path> found = files.filter(p -> p.getFileName().toString().startsWith(prefix)).toList();
            assertThat(found).hasSize(1);
            return found.get(0);
        }
    }

    /** Both files begin with a magic int and a version int. */
    private static void setVersion(Path file, int version) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.seek(4);
            f.writeInt(version);
        }
    }

    /** A checkpoint ends with the crc32 of everything before it. */
    private static void rewriteCrc(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        CRC32 crc = new CRC32();
        crc.update(bytes, 0, bytes.length - 4);
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.seek(bytes.length - 4);
            f.writeInt((int) crc.getValue());
        }
    }

    private Commit decision(String eventId) {
        StateKeys k = new StateKeys(eventId, "acct-1", "dev-1", "store-1");
        DecisionRecord record = new DecisionRecord(new Decision(eventId, Verdict.STEP_UP, 40,
                List.of(new Reason("new device", 40, "first seen")), "pack-1"), "9f86d081884c7d659a2feaa0c55ad015",
                k.accountId(), k.deviceId(), k.storeId(), START, List.of());
        return Commit.append(k, record, new HistoryEvent(eventId, EventType.PURCHASE, START, 1000, k.accountId(),
                k.deviceId(), k.storeId(), Status.PENDING, false, List.of()), true);
    }
}
