package dev.riskgate;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The collector is said once at start, and a start on a collector whose pauses passed the scoring deadline
 * in the benchmarks (the serial one, which the JVM picks by itself on one core) gets a WARN naming the
 * shipped flags.
 */
class JvmCollectorTest {

    @TempDir
    Path dir;

    @Test
    void stopTheWorldYoungCollectorsGetAdviceNamingTheShippedFlags() {
        assertThat(JvmCollector.advice(List.of("Copy", "MarkSweepCompact"))).hasValueSatisfying(
                a -> assertThat(a).contains("serial collector").contains(JvmCollector.SHIPPED));
        assertThat(JvmCollector.advice(List.of("PS Scavenge", "PS MarkSweep"))).hasValueSatisfying(
                a -> assertThat(a).contains("parallel collector").contains(JvmCollector.SHIPPED));
    }

    @Test
    void concurrentCollectorsGetNone() {
        assertThat(JvmCollector.advice(List.of("G1 Young Generation", "G1 Old Generation"))).isEmpty();
        assertThat(JvmCollector.advice(List.of("ZGC Cycles", "ZGC Pauses"))).isEmpty();
    }

    @Test
    void theShippedFlagsAreTheOnesEveryStartingPointUses() throws Exception {
        for (String file : List.of("README.md", "docs/operations.md", "docs/deployment.md", "bench/lib.sh")) {
            assertThat(Files.readString(TestPaths.repo().resolve(file))).as(file).contains(JvmCollector.SHIPPED);
        }
        String entrypoint = Files.readAllLines(TestPaths.repo().resolve("Dockerfile")).stream()
                .filter(l -> l.startsWith("ENTRYPOINT")).findFirst().orElseThrow();
        for (String flag : JvmCollector.SHIPPED.split(" ")) {
            assertThat(entrypoint).contains("\"" + flag + "\"");
        }
    }

    @Test
    void aServeOnTheSerialCollectorWarnsAndOneOnTheShippedFlagsSaysG1() throws Exception {
        String serial;
        try (RiskgateProcess child = RiskgateProcess.start(dir, dir.resolve("serial.log"),
                Map.of("RISKGATE_DATA_DIR", dir.resolve("serial").toString(), "RISKGATE_CONSOLE", "off"),
                "-XX:+UseSerialGC")) {
            serial = outputOnceItSays(child, "collector");
        }
        assertThat(serial).contains("\"WARN\"").contains("runs the serial collector (Copy, MarkSweepCompact)")
                .contains(JvmCollector.SHIPPED);

        String shipped;
        try (RiskgateProcess child = RiskgateProcess.start(dir, dir.resolve("shipped.log"),
                Map.of("RISKGATE_DATA_DIR", dir.resolve("shipped").toString(), "RISKGATE_CONSOLE", "off"))) {
            shipped = outputOnceItSays(child, "collector");
        }
        assertThat(shipped).contains("garbage collector: [G1 Young Generation, G1 Old Generation]")
                .doesNotContain("\"WARN\"");
    }

    /** The child's log once it holds {@code text} (the line comes just after the listener opens), or after 10 s. */
    private static String outputOnceItSays(RiskgateProcess child, String text) throws Exception {
        long deadline = System.nanoTime() + 10_000_000_000L;
        String out = child.output();
        while (!out.contains(text) && System.nanoTime() < deadline) {
            Thread.sleep(50);
            out = child.output();
        }
        return out;
    }
}
