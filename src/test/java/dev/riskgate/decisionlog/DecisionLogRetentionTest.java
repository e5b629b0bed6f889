package dev.riskgate.decisionlog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.riskgate.decision.Decision;
import dev.riskgate.decision.Verdict;
import dev.riskgate.event.EventType;
import dev.riskgate.event.ScoreRequest;
import dev.riskgate.scoring.DecisionEnvelope;
import dev.riskgate.scoring.Scored;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The decision log holds personal data: only the service reads it, and it does not grow without end. */
class DecisionLogRetentionTest {

    private static final Clock CLOCK = Clock.systemUTC();

    @TempDir
    Path data;

    @Test
    void createsTheDirectoryAndFilesForTheOwnerOnly() throws IOException {
        try (DecisionLog log = DecisionLog.open(data, Retention.defaults(), CLOCK)) {
            log.decided(decided("e1"));
        }
        Path dir = data.resolve(DecisionLog.DIR);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo("rwx------");
        for (Path file : files()) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).as(file.toString())
                    .isEqualTo("rw-------");
        }
    }

    @Test
    void tightensFilesLeftReadableByAnOlderVersion() throws IOException {
        Path dir = Files.createDirectories(data.resolve(DecisionLog.DIR));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path old = Files.writeString(dir.resolve("decisions-000001.jsonl"), "{}\n");
        Files.setPosixFilePermissions(old, PosixFilePermissions.fromString("rw-r--r--"));

        try (DecisionLog log = DecisionLog.open(data, Retention.defaults(), CLOCK)) {
            log.decided(decided("e1"));
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(files().get(files().size() - 1))))
                .isEqualTo("rw-------");
    }

    @Test
    void deletesRotatedFilesOlderThanTheRetention() throws IOException {
        Path dir = Files.createDirectories(data.resolve(DecisionLog.DIR));
        Path old = Files.writeString(dir.resolve("decisions-000001.jsonl"), "{}\n");
        Path recent = Files.writeString(dir.resolve("decisions-000002.jsonl"), "{}\n");
        Files.setLastModifiedTime(old, FileTime.from(Instant.now().minus(Duration.ofDays(8))));
        Files.setLastModifiedTime(recent, FileTime.from(Instant.now().minus(Duration.ofDays(6))));

        try (DecisionLog log = DecisionLog.open(data, Retention.defaults(), CLOCK)) {
            log.decided(decided("e1"));
        }
        assertThat(old).doesNotExist();
        assertThat(recent).exists();
    }

    @Test
    void keepsAllFilesTogetherUnderTheSizeLimit() throws IOException {
        long maxFile = 2048;
        long maxTotal = 4 * maxFile;
        try (DecisionLog log = DecisionLog.open(data, new Retention(maxFile, Duration.ofDays(7), maxTotal, false), CLOCK)) {
            for (int i = 0; i < 200; i++) {
                log.decided(decided("e" + i));
            }
        }
        long total = 0;
        for (Path f : files()) {
            total += Files.size(f);
        }
        assertThat(total).as("bytes kept after ~100 KiB of decisions").isLessThanOrEqualTo(maxTotal + maxFile);
        List<Path> kept = files();
        assertThat(Files.readString(kept.get(kept.size() - 1))).as("the newest decisions stay").contains("\"e199\"");
    }

    @Test
    void leavesOutIpAndFundingSourceWhenRedacting() throws IOException {
        Retention redacting = new Retention(Retention.DEFAULT_MAX_FILE_BYTES, Retention.DEFAULT_MAX_AGE,
                Retention.DEFAULT_MAX_TOTAL_BYTES, true);
        try (DecisionLog log = DecisionLog.open(data, redacting, CLOCK)) {
            log.decided(decided("e1"));
        }
        JsonObject event = new JsonObject(Files.readString(files().get(0)).strip()).getJsonObject("event");
        assertThat(event.fieldNames()).doesNotContain("ip", "fundingSource").contains("accountId", "deviceId", "amount");
        assertThat(Files.readString(files().get(0))).doesNotContain("203.0.113.7").doesNotContain("card-on-file");
    }

    @Test
    void keepsIpAndFundingSourceByDefault() throws IOException {
        try (DecisionLog log = DecisionLog.open(data, Retention.defaults(), CLOCK)) {
            log.decided(decided("e1"));
        }
        JsonObject event = new JsonObject(Files.readString(files().get(0)).strip()).getJsonObject("event");
        assertThat(event.getString("ip")).isEqualTo("203.0.113.7");
        assertThat(event.getString("fundingSource")).isEqualTo("card-on-file");
    }

    private List<Path> files() throws IOException {
        try (Stream<Path> s = Files.list(data.resolve(DecisionLog.DIR))) {
            return s.sorted().toList();
        }
    }

    private static ScoreRequest request(String eventId) {
        return new ScoreRequest(eventId, EventType.CHARGE, "acct-1", "dev-1", OffsetDateTime.parse("2019-07-03T10:40:00+09:00"),
                new BigDecimal("1000"), "JPY", null, List.of(), "card-on-file", "203.0.113.7");
    }

    private static DecisionEnvelope decided(String eventId) {
        return DecisionEnvelope.decided(request(eventId), new Scored(new Decision(eventId, Verdict.ALLOW, 0, List.of(), "v1"),
                false, EventType.CHARGE, 0, 0, 0, null, List.of()));
    }
}
