package dev.riskgate.cli;

import dev.riskgate.DataDirLock;
import dev.riskgate.StartupFailure;
import dev.riskgate.config.Config;
import dev.riskgate.replay.EventFile;
import dev.riskgate.replay.HistoryImport;
import dev.riskgate.rules.RulePack;
import dev.riskgate.rules.RulePackLoader;
import dev.riskgate.rules.RulePackRejected;
import dev.riskgate.state.StateStore;
import dev.riskgate.state.embedded.JournalDamaged;
import dev.riskgate.state.embedded.JournalStateStore;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "import", mixinStandardHelpOptions = true,
        description = {"Warm start: load past settled payments into the live store, so a new deployment starts",
                "with each account's devices, stores and amounts instead of on thin history.",
                "Reads the format replay reads (simulate's output, the decision log). Each event whose money",
                "moved is recorded as an allowed attempt; blocked, unanswered or failed step-ups and fraud are",
                "skipped. Idempotent by eventId: events the store already knows are left alone.",
                "The store is the one serve opens: $RISKGATE_DATA_DIR/journal (default ./data); stop serve first.",
                "Run it before serve starts, or while it is stopped."})
final class ImportCommand implements Callable<Integer> {

    @Option(names = "--events", required = true, paramLabel = "FILE.jsonl", description = "The past events.")
    Path events;

    @Option(names = "--rules", paramLabel = "DIR",
            description = "Rule pack whose resale goods list classifies the baskets (default: $RISKGATE_RULES_DIR or ./rules).")
    Path rules;

    @Option(names = "--data", paramLabel = "DIR",
            description = "Data directory holding the state journal (default: $RISKGATE_DATA_DIR or ./data).")
    Path data;

    @Override
    public Integer call() throws Exception {
        PrintStream err = System.err;
        Config config = Config.fromEnvironment();
        Path rulesDir = rules != null ? rules : config.rulesDir();
        Path dataDir = data != null ? data : config.dataDir();
        EventFile.Loaded loaded = EventFile.read(events);
        err.printf("import: %,d events from %s%s%n", loaded.events().size(), events,
                loaded.refused() == 0 ? "" : " (" + loaded.refused() + " lines refused, e.g. " + loaded.firstRefusals() + ")");
        long started = System.nanoTime();
        try (DataDirLock lock = DataDirLock.acquire(dataDir);
             RulePack pack = new RulePackLoader(Clock.systemUTC()).load(rulesDir);
             StateStore store = JournalStateStore.open(dataDir, Clock.systemUTC())) {
            HistoryImport.Counts counts = HistoryImport.run(store, pack, loaded.events(), err);
            System.out.printf("imported %,d settled events into %s in %.1f s; %,d already known, %,d not settled, "
                            + "%,d lines refused%n", counts.imported(), dataDir,
                    (System.nanoTime() - started) / 1e9, counts.alreadyKnown(), counts.notSettled(), loaded.refused());
            return 0;
        } catch (RulePackRejected e) {
            err.println("riskgate import: the rule pack in " + rulesDir + " was rejected\n  " + e.getMessage());
            return 2;
        } catch (StartupFailure e) {
            err.println("riskgate import: " + e.getMessage());
            return 3;
        } catch (IllegalArgumentException e) {
            err.println("riskgate import: nothing was imported: " + e.getMessage());
            return 2;
        } catch (JournalDamaged e) {
            err.println("riskgate import: the state journal is damaged\n" + e.getMessage());
            return 4;
        }
    }
}
