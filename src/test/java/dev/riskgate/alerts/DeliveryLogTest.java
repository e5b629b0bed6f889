package dev.riskgate.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.riskgate.decisionlog.Retention;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The delivery log is rotated and trimmed like the decision log, and read back whole, oldest first. */
class DeliveryLogTest {

    @TempDir
    Path data;

    @Test
    void rotatesAndKeepsNoMoreThanItsRetentionAndReadsAnEarlierSingleFileFirst() throws Exception {
        Files.createDirectories(data.resolve("alerts"));
        Files.writeString(data.resolve("alerts/deliveries.jsonl"), "{\"alertId\":\"from-before\"}\n");
        Retention small = new Retention(1024, Duration.ofDays(1), 4096, false);
        try (DeliveryLog log = DeliveryLog.open(data, small, Clock.systemUTC())) {
            for (int i = 0; i < 500; i++) {
                log.attempt(Instant.now(), "alert-" + i, "default", 1, 503, "failed", "HTTP 503");
            }
        }

        long total;
        List<Path> rotated;
        try (Stream<Path> files = Files.list(data.resolve("alerts"))) {
            rotated = files.filter(p -> p.getFileName().toString().matches("deliveries-\\d{6}\\.jsonl")).toList();
        }
        total = rotated.stream().mapToLong(p -> p.toFile().length()).sum();
        System.out.printf("500 attempts: %d files kept, %d bytes%n", rotated.size(), total);
        assertThat(rotated).hasSizeGreaterThan(1);
        assertThat(total).isLessThanOrEqualTo(4096 + 1024);
        List<String> lines = DeliveryLog.lines(data);
        assertThat(lines.get(0)).contains("from-before");
        assertThat(lines.get(lines.size() - 1)).contains("\"alert-499\"");
        assertThat(lines).noneMatch(l -> l.contains("\"alert-0\""));
    }
}
