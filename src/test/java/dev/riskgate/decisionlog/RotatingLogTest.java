package dev.riskgate.decisionlog;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Any log the service keeps (decisions, the feedback audit) rotates by size and is pruned by age and size. */
class RotatingLogTest {

    private static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    @TempDir
    Path dir;

    @Test
    void rotatesPastTheFileSizeAndKeepsEveryLine() throws IOException {
        try (RotatingLog log = RotatingLog.open(dir, "feedback", new Retention(1024, Duration.ofDays(7), 1 << 20, false), CLOCK)) {
            for (int i = 0; i < 100; i++) {
                log.append("{\"n\":" + i + ",\"pad\":\"" + "x".repeat(40) + "\"}");
            }
        }
        List<Path> files = files();
        assertThat(files).hasSizeGreaterThan(3).allSatisfy(f -> {
            assertThat(Files.size(f)).isLessThanOrEqualTo(1024);
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f))).isEqualTo("rw-------");
        });
        long lines = 0;
        for (Path f : files) {
            lines += Files.readAllLines(f).size();
        }
        assertThat(lines).isEqualTo(100);
    }

    /** Lines from many threads are written in groups; a group never carries a file past its bound or splits a line. */
    @Test
    void linesFromManyThreadsRotateWholeAndEachIsWrittenOnce() throws Exception {
        int threads = 8;
        int each = 200;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
        java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
        try (RotatingLog log = RotatingLog.open(dir, "feedback", new Retention(1024, Duration.ofDays(7), 1 << 30, false), CLOCK)) {
            List<java.util.concurrent.Future<?>> done = new java.util.ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    go.await();
                    for (int i = 0; i < each; i++) {
                        log.append("{\"t\":" + thread + ",\"n\":" + i + ",\"pad\":\"" + "x".repeat(40) + "\"}");
                    }
                    return null;
                }));
            }
            go.countDown();
            for (java.util.concurrent.Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        List<String> lines = new java.util.ArrayList<>();
        for (Path f : files()) {
            assertThat(Files.size(f)).as("%s", f).isLessThanOrEqualTo(1024);
            String text = Files.readString(f);
            assertThat(text).as("%s ends with a whole line", f).endsWith("}\n");
            lines.addAll(text.lines().toList());
        }
        assertThat(lines).hasSize(threads * each).doesNotHaveDuplicates().allMatch(l -> l.startsWith("{\"t\":"));
    }

    /** Eight lines of 300 bytes queued behind a busy file are one batch: it rotates inside it, between lines. */
    @Test
    void aBatchLargerThanAFileRotatesBetweenItsLines() throws Exception {
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try (RotatingLog log = RotatingLog.open(dir, "feedback", new Retention(1024, Duration.ofDays(7), 1 << 30, false), CLOCK)) {
            List<java.util.concurrent.Future<?>> done = new java.util.ArrayList<>();
            log.fileLock().lock();
            try {
                for (int t = 0; t < 8; t++) {
                    int thread = t;
                    done.add(pool.submit(() -> log.append("{\"t\":" + thread + ",\"pad\":\"" + "x".repeat(280) + "\"}")));
                }
                long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                while (log.fileLock().getQueueLength() < 8 && System.nanoTime() < until) {
                    Thread.sleep(1);
                }
                assertThat(log.fileLock().getQueueLength()).as("appends waiting for the file").isEqualTo(8);
            } finally {
                log.fileLock().unlock();
            }
            for (java.util.concurrent.Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        List<String> lines = new java.util.ArrayList<>();
        for (Path f : files()) {
            assertThat(Files.size(f)).as("%s", f).isLessThanOrEqualTo(1024);
            lines.addAll(Files.readAllLines(f));
        }
        assertThat(files()).hasSizeGreaterThanOrEqualTo(3);
        assertThat(lines).hasSize(8).doesNotHaveDuplicates().allMatch(l -> l.endsWith("\"}"));
    }

    @Test
    void deletesFilesPastTheAgeButLeavesOtherLogsAlone() throws IOException {
        Files.createDirectories(dir);
        Path old = Files.writeString(dir.resolve("feedback-000001.jsonl"), "{}\n");
        Files.setLastModifiedTime(old, FileTime.from(NOW.minus(Duration.ofDays(30))));
        Path recent = Files.writeString(dir.resolve("feedback-000002.jsonl"), "{}\n");
        Files.setLastModifiedTime(recent, FileTime.from(NOW.minus(Duration.ofDays(1))));
        Path otherLog = Files.writeString(dir.resolve("decisions-000001.jsonl"), "{}\n");
        Files.setLastModifiedTime(otherLog, FileTime.from(NOW.minus(Duration.ofDays(30))));

        try (RotatingLog log = RotatingLog.open(dir, "feedback", new Retention(1024, Duration.ofDays(7), 1 << 20, false), CLOCK)) {
            log.append("{}");
            assertThat(log.current().getFileName().toString()).isEqualTo("feedback-000003.jsonl");
        }

        assertThat(old).doesNotExist();
        assertThat(recent).exists();
        assertThat(otherLog).exists();
    }

    private List<Path> files() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }
}
