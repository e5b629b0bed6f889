package dev.riskgate.cli;

import dev.riskgate.DataDirLock;
import dev.riskgate.StartupFailure;
import dev.riskgate.config.Config;
import dev.riskgate.state.embedded.JournalRepair;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "repair", mixinStandardHelpOptions = true,
        description = {"Repair a state journal that serve refused to start on (damage a crash cannot leave).",
                "Each damaged stretch of a segment is moved aside, byte for byte, to <segment>.damaged-<offset>;",
                "the segment keeps every intact commit, before the damage and after it where intact frames are",
                "found again. Prints what was kept and what was lost (commits by lsn, the event ids the damaged",
                "bytes still name). The store is $RISKGATE_DATA_DIR/journal (default ./data); stop serve first.",
                "Copy the journal directory aside before running it."},
        footer = {"Exit codes: 0 repaired or nothing to repair, 1 the newest checkpoint is damaged (not repairable: "
                + "restore from a backup), 3 the data directory is in use or cannot be read."})
final class RepairCommand implements Callable<Integer> {

    @Option(names = "--data", paramLabel = "DIR",
            description = "Data directory holding the state journal (default: $RISKGATE_DATA_DIR or ./data).")
    Path data;

    @Override
    public Integer call() throws Exception {
        Path dataDir = data != null ? data : Config.fromEnvironment().dataDir();
        try (DataDirLock lock = DataDirLock.acquire(dataDir)) {
            return JournalRepair.run(dataDir, System.out).checkpointDamaged() ? 1 : 0;
        } catch (StartupFailure | IllegalStateException e) {
            System.err.println("riskgate repair: " + e.getMessage());
            return 3;
        }
    }
}
