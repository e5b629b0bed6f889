package dev.riskgate.replay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.riskgate.ShippedPack;
import dev.riskgate.TestPaths;
import dev.riskgate.rules.RulePack;
import dev.riskgate.simulate.World;
import dev.riskgate.state.StateStore;
import dev.riskgate.state.embedded.JournalStateStore;
import dev.riskgate.state.memory.MemoryStateStore;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A month replayed through the shipped pack gives, event for event, the decisions stored in
 * {@code src/test/resources/golden/}: a change to how state is stored or facts are built changes speed,
 * never answers. Both stores are held to it. The golden file names the pack version it was made with;
 * when the pack changes on purpose, regenerate it with {@code scripts/golden.sh} and review the diff.
 */
class GoldenDecisionsTest {

    static final Path GOLDEN = TestPaths.repo().resolve("src/test/resources/golden/real-month-warm.decisions.gz");
    private static final World WORLD = World.REAL_MONTH_WARM;
    private static final long SEED = 4242;
    private static final int ACCOUNTS = 150;
    private static final int DAYS = 14;

    private static final RulePack pack = ShippedPack.get();

    @Test
    void theInMemoryStoreGivesTheGoldenDecisions() throws IOException {
        try (MemoryStateStore store = new MemoryStateStore()) {
            assertMatchesGolden(replay(store));
        }
    }

    @Test
    void theEmbeddedStoreGivesTheGoldenDecisions(@TempDir Path dir) throws IOException {
        try (JournalStateStore store = JournalStateStore.openScratch(dir, Clock.systemUTC())) {
            assertMatchesGolden(replay(store));
        }
    }

    private static void assertMatchesGolden(List<String> actual) throws IOException {
        if (Boolean.getBoolean("riskgate.golden.write")) {
            write(actual);
        }
        List<String> golden = read();
        assertThat(golden.get(0)).as("the golden decisions were made with another pack: if the pack changed on "
                + "purpose, run scripts/golden.sh and review the diff").isEqualTo(actual.get(0));
        assertThat(actual.size()).isEqualTo(golden.size());
        List<String> differences = new ArrayList<>();
        for (int i = 1; i < golden.size() && differences.size() < 10; i++) {
            if (!golden.get(i).equals(actual.get(i))) {
                differences.add("was  " + golden.get(i) + "\n  now  " + actual.get(i));
            }
        }
        assertThat(differences).as("decisions that changed (first 10)").isEmpty();
    }

    /** The header line, then one line per scored event: id, decision, score and fired rules. */
    private static List<String> replay(StateStore store) {
        DetectionMatrix.Simulated month = DetectionMatrix.Simulated.of(WORLD, SEED, ACCOUNTS, DAYS);
        HistoryImport.run(store, pack, month.history(), null);
        PackReplay.Result[] results = new PackReplay(pack, month.labels(), new StepUpAnswers(WORLD.phishedShare(), SEED))
                .run(store, month.scored(), i -> { });
        List<String> lines = new ArrayList<>();
        lines.add(String.format("# pack %s, world %s, seed %d, %d accounts, %d warm + %d scored days, %d imported",
                pack.version(), WORLD.name(), SEED, ACCOUNTS, WORLD.warmDays(), DAYS, month.history().size()));
        for (int i = 0; i < results.length; i++) {
            PackReplay.Result r = results[i];
            lines.add(month.scored().get(i).request().eventId() + " " + r.verdict() + " " + r.score() + " "
                    + (r.settled() ? "settled" : "-") + " " + String.join("|", r.rules()));
        }
        return lines;
    }

    private static List<String> read() throws IOException {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(GOLDEN)), StandardCharsets.UTF_8))) {
            return in.lines().toList();
        }
    }

    private static void write(List<String> lines) throws IOException {
        Files.createDirectories(GOLDEN.getParent());
        try (BufferedWriter out = new BufferedWriter(new OutputStreamWriter(
                new GZIPOutputStream(Files.newOutputStream(GOLDEN)), StandardCharsets.UTF_8))) {
            for (String line : lines) {
                out.write(line);
                out.write('\n');
            }
        }
    }
}
