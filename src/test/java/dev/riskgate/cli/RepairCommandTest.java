package dev.riskgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.riskgate.DataDirLock;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code riskgate repair} as the jar runs it; what it repairs is in state/embedded/JournalDamageTest. */
class RepairCommandTest {

    @Test
    void refusesADataDirectoryInUse(@TempDir Path data) throws Exception {
        try (DataDirLock serving = DataDirLock.acquire(data)) {
            Cli run = Cli.run("repair", "--data", data.toString());

            assertThat(run.exit()).isEqualTo(3);
            assertThat(run.err()).contains("in use by another riskgate process");
        }
    }

    @Test
    void saysThereIsNothingToRepairWithoutAJournal(@TempDir Path data) {
        Cli run = Cli.run("repair", "--data", data.toString());

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("no journal in " + data + "; nothing to repair");
    }
}
