package dev.riskgate.state.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.riskgate.MutableClock;
import dev.riskgate.decision.Decision;
import dev.riskgate.decision.Verdict;
import dev.riskgate.event.EventType;
import dev.riskgate.state.Commit;
import dev.riskgate.state.DecisionRecord;
import dev.riskgate.state.HistoryEvent;
import dev.riskgate.state.StateKeys;
import dev.riskgate.state.Status;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15: the journal never drops acknowledged commits quietly. Bytes are flipped, cut and zeroed in the
 * segment files the real store wrote; only a frame cut short at the very end of the newest segment may
 * go without a word, anything else refuses the start until {@code riskgate repair} has moved it aside.
 */
class JournalDamageTest {

    private static final int DECISIONS = 200;

    @TempDir
    Path data;
    private final MutableClock clock = new MutableClock(Instant.parse("2025-06-01T00:00:00Z"));
    private JournalStateStore store;

    @AfterEach
    void closeStore() {
        if (store != null) {
            store.close();
        }
    }

    @Test
    void aFlippedByteMidSegmentRefusesTheStartNamingTheFileAndTheOffset() throws Exception {
        Path segment = decideThenCrash(0, DECISIONS);
        byte[] before = Files.readAllBytes(segment);
        long flipped = before.length / 2;
        flip(segment, flipped);

        assertThatThrownBy(this::open).isInstanceOf(JournalDamaged.class)
                .hasMessageContaining(segment + " is damaged at byte " + frameHolding(segment, flipped))
                .hasMessageContaining("intact frames follow it")
                .hasMessageContaining("riskgate repair --data " + data);
        assertThat(Files.size(segment)).as("nothing cut").isEqualTo(before.length);
    }

    @Test
    void aLastFrameCutShortIsDroppedAndEveryEarlierDecisionKept() throws Exception {
        Path segment = decideThenCrash(0, DECISIONS);
        long last = frames(segment).get(DECISIONS - 1);
        truncate(segment, Files.size(segment) - 5);

        store = open();

        assertThat(present(0, DECISIONS - 1)).isEqualTo(DECISIONS - 1);
        assertThat(store.decision(id(DECISIONS - 1))).as("the frame cut short").isEmpty();
        assertThat(Files.size(segment)).isEqualTo(last);
    }

    @Test
    void aHeaderCutShortAndZerosToTheEndAreTornTailsToo() throws Exception {
        Path segment = decideThenCrash(0, DECISIONS);
        long size = Files.size(segment);
        Files.write(segment, new byte[] {0, 0, 2}, java.nio.file.StandardOpenOption.APPEND);
        store = open();
        assertThat(Files.size(segment)).isEqualTo(size);
        store.closeWithoutCheckpoint();
        Path next = newest();
        Files.write(next, new byte[8192], java.nio.file.StandardOpenOption.APPEND);

        store = open();

        assertThat(present(0, DECISIONS)).isEqualTo(DECISIONS);
        assertThat(Files.size(next)).as("the zeros cut").isEqualTo(8);
    }

    @Test
    void aLengthThatRunsPastTheEndWithIntactFramesAfterItIsCorruptionNotATornTail() throws Exception {
        Path segment = decideThenCrash(0, DECISIONS);
        long middle = frames(segment).get(DECISIONS / 2);
        putInt(segment, middle, (int) Files.size(segment));

        assertThatThrownBy(this::open).isInstanceOf(JournalDamaged.class)
                .hasMessageContaining("is damaged at byte " + middle)
                .hasMessageContaining((DECISIONS / 2 - 1) + " intact frames follow it");
    }

    @Test
    void theLastFrameDamagedButWholeIsCorruptionNotATornTail() throws Exception {
        Path segment = decideThenCrash(0, DECISIONS);
        long last = frames(segment).get(DECISIONS - 1);
        flip(segment, last + 40);
        assertThatThrownBy(this::open).isInstanceOf(JournalDamaged.class)
                .hasMessageContaining("is damaged at byte " + last + " of " + Files.size(segment))
                .hasMessageContaining("checksum does not match");

        flip(segment, last + 40);
        putInt(segment, last, readInt(segment, last) + 100);
        assertThatThrownBy(this::open).as("a longer length seems to run past the end, but the bytes are a whole frame")
                .isInstanceOf(JournalDamaged.class).hasMessageContaining("length field is damaged");
    }

    @Test
    void damageInAnOlderSegmentRefusesTheStartEvenWhereItLooksTorn() throws Exception {
        Path older = decideThenCrash(0, DECISIONS / 2);
        decideThenCrash(DECISIONS / 2, DECISIONS);
        byte[] intact = Files.readAllBytes(older);

        flip(older, intact.length / 2);
        assertThatThrownBy(this::open).isInstanceOf(JournalDamaged.class)
                .hasMessageContaining(older + " is damaged at byte " + frameHolding(older, intact.length / 2))
                .hasMessageContaining("1 later segment follows");

        Files.write(older, Arrays.copyOf(intact, intact.length - 5));
        assertThatThrownBy(this::open).isInstanceOf(JournalDamaged.class)
                .hasMessageContaining("incomplete frame").hasMessageContaining("1 later segment follows");
    }

    @Test
    void repairMovesTheDamageAsideKeepsEveryIntactFrameAndSaysWhatWasLost() throws Exception {
        Path segment = decideThenCrash(0, DECISIONS);
        byte[] intact = Files.readAllBytes(segment);
        long hit = frameHolding(segment, intact.length / 2);
        int lostIndex = frames(segment).indexOf(hit);
        long next = frames(segment).get(lostIndex + 1);
        flip(segment, intact.length / 2);

        StringBuilder out = new StringBuilder();
        JournalRepair.Report report = repair(out);

        assertThat(report.lost()).isEqualTo(1);
        assertThat(report.lossUnknown()).isFalse();
        assertThat(report.kept()).isEqualTo(DECISIONS - 1);
        assertThat(out).contains("bytes " + hit + " to " + next).contains("lost 1 commit: lsn " + (lostIndex + 1))
                .contains(id(lostIndex)).contains("found again at byte " + next)
                .contains("segment-000000000001.log.damaged-" + hit).contains("riskgate can start");
        byte[] aside = Files.readAllBytes(segment.resolveSibling(segment.getFileName() + ".damaged-" + hit));
        byte[] damaged = Arrays.copyOfRange(intact, (int) hit, (int) next);
        damaged[(int) (intact.length / 2 - hit)] ^= 0x40;
        assertThat(aside).as("the damaged bytes, kept byte for byte").isEqualTo(damaged);

        store = open();

        assertThat(present(0, DECISIONS)).isEqualTo(DECISIONS - 1);
        assertThat(store.decision(id(lostIndex))).isEmpty();
        assertThat(store.decision(id(lostIndex + 1))).as("found again after the damage").isPresent();
    }

    @Test
    void repairOfAnOlderSegmentKeepsTheLaterOnesAndCountsAcrossThem() throws Exception {
        Path older = decideThenCrash(0, DECISIONS / 2);
        decideThenCrash(DECISIONS / 2, DECISIONS);
        truncate(older, Files.size(older) - 5);

        StringBuilder out = new StringBuilder();
        JournalRepair.Report report = repair(out);

        assertThat(report.lost()).as("the next segment's first lsn says one commit is missing").isEqualTo(1);
        assertThat(out).contains("lost 1 commit: lsn " + DECISIONS / 2);
        store = open();
        assertThat(present(0, DECISIONS)).isEqualTo(DECISIONS - 1);
        assertThat(store.decision(id(DECISIONS / 2 - 1))).isEmpty();
    }

    @Test
    void theFirstFrameAfterACheckpointDamagedInASegmentPastTheReadWindowIsFoundAgain() throws Exception {
        // No lsn before the damage bounds the search here, and the damaged length (1.2 MB, inside the
        // file) makes the reader check a frame larger than its 1 MB window.
        int decisions = 14_000; // frames of about 100 bytes (segment version 4)
        store = open();
        decide(0);
        store.checkpoint();
        for (int i = 1; i < decisions; i++) {
            decide(i);
        }
        store.closeWithoutCheckpoint();
        store = null;
        Path segment = newest();
        assertThat(Files.size(segment)).isGreaterThan(1_300_000);
        long first = frames(segment).get(0);
        putInt(segment, first, 1_200_000);

        assertThatThrownBy(this::open).isInstanceOf(JournalDamaged.class)
                .hasMessageContaining("is damaged at byte " + first)
                .hasMessageContaining((decisions - 2) + " intact frames follow it");
        StringBuilder out = new StringBuilder();
        JournalRepair.Report report = repair(out);
        assertThat(report.kept()).isEqualTo(decisions - 2);
        assertThat(report.lossUnknown()).as(out.toString()).isTrue();
        assertThat(out).as("no lsn bounds the loss, so the count is a floor").contains("lost at least 1;");

        store = open();
        assertThat(present(0, decisions)).as("the checkpoint's, and all but the damaged frame").isEqualTo(decisions - 1);
    }

    @Test
    void repairSaysThatADamagedCheckpointIsBeyondIt() throws Exception {
        decideThenCrash(0, DECISIONS);
        store = open();
        store.checkpoint();
        store.closeWithoutCheckpoint();
        store = null;
        Path checkpoint;
        try (Stream<Path> files = Files.list(data.resolve("journal"))) {
            checkpoint = files.filter(p -> p.getFileName().toString().endsWith(".bin")).findFirst().orElseThrow();
        }
        flip(checkpoint, Files.size(checkpoint) / 2);

        StringBuilder out = new StringBuilder();
        JournalRepair.Report report = repair(out);

        assertThat(report.checkpointDamaged()).isTrue();
        assertThat(out).contains(checkpoint + ": damaged").contains("still cannot start");
    }

    @Test
    void repairRefusesAJournalInUse() throws Exception {
        decideThenCrash(0, 10);
        store = open();

        assertThatThrownBy(() -> repair(new StringBuilder())).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("in use by another riskgate process");
    }

    @Test
    void repairOfAnIntactJournalChangesNothing() throws Exception {
        Path segment = decideThenCrash(0, DECISIONS);
        byte[] intact = Files.readAllBytes(segment);

        StringBuilder out = new StringBuilder();
        JournalRepair.Report report = repair(out);

        assertThat(report.damaged()).isFalse();
        assertThat(out).contains("nothing to repair");
        assertThat(Files.readAllBytes(segment)).isEqualTo(intact);
    }

    // --- helpers -----------------------------------------------------------------------------------

    private JournalStateStore open() {
        return JournalStateStore.open(data, clock, false);
    }

    /** Acknowledges decisions {@code from} to {@code to - 1}, then stops as kill -9 would; returns their segment. */
    private Path decideThenCrash(int from, int to) throws Exception {
        store = open();
        for (int i = from; i < to; i++) {
            decide(i);
        }
        store.closeWithoutCheckpoint();
        store = null;
        return newest();
    }

    private void decide(int i) {
        String account = "acct-" + (i % 17);
        String device = "dev-" + (i % 23);
        HistoryEvent event = new HistoryEvent(id(i), EventType.CHARGE, clock.instant(), 1000 + i, account, device,
                null, Status.ALLOWED, false, List.of());
        DecisionRecord record = new DecisionRecord(new Decision(id(i), Verdict.ALLOW, 0, List.of(), "test-pack"),
                "hash-" + i, account, device, null, clock.instant(), List.of());
        assertThat(store.apply(Commit.append(new StateKeys(id(i), account, device, null), record, event, false))
                .applied()).isTrue();
    }

    private static String id(int i) {
        return "evt-" + i;
    }

    private long present(int from, int to) {
        return IntStream.range(from, to).filter(i -> store.decision(id(i)).isPresent()).count();
    }

    private JournalRepair.Report repair(StringBuilder out) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        JournalRepair.Report report = JournalRepair.run(data, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        out.append(bytes.toString(StandardCharsets.UTF_8));
        return report;
    }

    private Path newest() throws Exception {
        try (Stream<Path> files = Files.list(data.resolve("journal"))) {
            return files.filter(p -> p.getFileName().toString().matches("segment-\\d+\\.log")).sorted()
                    .reduce((a, b) -> b).orElseThrow();
        }
    }

    /** Where each frame starts, walked by the lengths the journal wrote ({@code [length][crc32][lsn][body]}). */
    private static List<Long> frames(Path segment) throws Exception {
        ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(segment));
        List<Long> starts = new ArrayList<>();
        for (int p = 8; p < bytes.limit(); p += 8 + bytes.getInt(p)) {
            starts.add((long) p);
        }
        return starts;
    }

    private static long frameHolding(Path segment, long offset) throws Exception {
        return frames(segment).stream().filter(start -> start <= offset).reduce((a, b) -> b).orElseThrow();
    }

    private static void flip(Path file, long offset) throws Exception {
        byte[] bytes = Files.readAllBytes(file);
        bytes[(int) offset] ^= 0x40;
        Files.write(file, bytes);
    }

    private static int readInt(Path file, long offset) throws Exception {
        return ByteBuffer.wrap(Files.readAllBytes(file)).getInt((int) offset);
    }

    private static void putInt(Path file, long offset, int value) throws Exception {
        byte[] bytes = Files.readAllBytes(file);
        ByteBuffer.wrap(bytes).putInt((int) offset, value);
        Files.write(file, bytes);
    }

    private static void truncate(Path file, long size) throws Exception {
        Files.write(file, Arrays.copyOf(Files.readAllBytes(file), (int) size));
    }
}
