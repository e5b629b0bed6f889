package dev.riskgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.riskgate.TestPaths;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImportCommandTest {

    @TempDir
    Path dir;

    @Test
    void importsASimulatedWeekIntoTheDataDirectoryOnceAndReportsCounts() throws Exception {
        Path events = dir.resolve("week.jsonl");
        assertThat(Cli.run("simulate", "--accounts", "30", "--days", "7", "--seed", "5", "--out", events.toString()).exit()).isZero();
        long lines = Files.readAllLines(events).size();
        Path data = dir.resolve("data");

        Cli first = Cli.run("import", "--events", events.toString(), "--rules", TestPaths.rules().toString(),
                "--data", data.toString());
        assertThat(first.exit()).as(first.err()).isZero();
        assertThat(first.out()).contains(String.format("imported %,d settled events", lines), "0 already known");
        assertThat(first.err()).contains("import: " + String.format("%,d/%,d (100%%)", lines, lines));
        assertThat(data.resolve("journal").resolve("LOCK")).exists();

        Cli again = Cli.run("import", "--events", events.toString(), "--rules", TestPaths.rules().toString(),
                "--data", data.toString());
        assertThat(again.exit()).isZero();
        assertThat(again.out()).contains("imported 0 settled events", String.format("%,d already known", lines));
    }

    @Test
    void helpSaysWhichStoreItWritesTo() {
        Cli run = Cli.run("import", "--help");
        assertThat(run.exit()).isZero();
        assertThat(run.out()).contains("Usage: riskgate import", "RISKGATE_DATA_DIR", "Idempotent by eventId");
        assertThat(run.err()).doesNotContain("WARN");
    }

    @Test
    void refusesABrokenPack() throws Exception {
        Path rules = TestPaths.copyRules(dir.resolve("rules"));
        Files.writeString(rules.resolve("velocity.drl"), "rule \"broken\" when then end end\n",
                java.nio.file.StandardOpenOption.APPEND);
        Path events = dir.resolve("e.jsonl");
        Files.writeString(events, "");
        Cli run = Cli.run("import", "--events", events.toString(), "--rules", rules.toString(), "--data", dir.resolve("d").toString());
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("velocity.drl");
    }

    /** Month-old history goes in by import, which the live window does not apply to; a foreign currency stops it whole. */
    @Test
    void importsMonthOldHistoryButNothingFromAFileWithACurrencyThePackRefuses() throws Exception {
        Path data = dir.resolve("data");
        String old = java.time.Instant.now().minus(java.time.Duration.ofDays(29)).toString();
        String yen = "{\"kind\":\"score\",\"event\":{\"eventId\":\"e-%s\",\"type\":\"charge\",\"accountId\":\"a\","
                + "\"deviceId\":\"d\",\"occurredAt\":\"" + old + "\",\"amount\":%s,\"currency\":\"%s\"}}\n";
        Path mixed = dir.resolve("mixed.jsonl");
        Files.writeString(mixed, String.format(yen, "1", "5000", "JPY") + String.format(yen, "2", "33.50", "USD"));

        Cli refused = Cli.run("import", "--events", mixed.toString(), "--rules", TestPaths.rules().toString(),
                "--data", data.toString());
        assertThat(refused.exit()).isEqualTo(2);
        assertThat(refused.err()).contains("nothing was imported", "USD=1", "[JPY]");

        Path yenOnly = dir.resolve("yen.jsonl");
        Files.writeString(yenOnly, String.format(yen, "1", "5000", "JPY"));
        Cli imported = Cli.run("import", "--events", yenOnly.toString(), "--rules", TestPaths.rules().toString(),
                "--data", data.toString());
        assertThat(imported.exit()).as(imported.err()).isZero();
        assertThat(imported.out()).as("the refused file left nothing behind").contains("imported 1 settled events", "0 already known");
    }

    @Test
    void refusesADataDirectoryAServiceHolds() throws Exception {
        Path data = dir.resolve("busy");
        Path events = dir.resolve("e.jsonl");
        Files.writeString(events, "");
        try (dev.riskgate.DataDirLock held = dev.riskgate.DataDirLock.acquire(data)) {
            Cli run = Cli.run("import", "--events", events.toString(), "--rules", TestPaths.rules().toString(),
                    "--data", data.toString());
            assertThat(run.exit()).isEqualTo(3);
            assertThat(run.err()).contains("in use by another riskgate process");
        }
    }
}
