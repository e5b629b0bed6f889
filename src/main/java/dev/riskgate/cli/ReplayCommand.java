package dev.riskgate.cli;

import dev.riskgate.replay.Replay;
import dev.riskgate.replay.StepUpAnswers;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "replay", mixinStandardHelpOptions = true,
        description = {"Backtest: feed a recorded event stream (JSON Lines, in event-time order, fresh state)",
                "through a rule pack, or two side by side, and report the decision mix, per-rule hits and,",
                "with labels, fraud stopped and friction for legitimate customers.",
                "Reads simulate's output and the service's decision log (data/decisions/*.jsonl)."})
final class ReplayCommand implements Callable<Integer> {

    @Option(names = "--events", required = true, paramLabel = "FILE.jsonl", description = "The event stream.")
    Path events;

    @Option(names = "--rules", paramLabel = "DIR", description = "Rule pack to replay (default: ${DEFAULT-VALUE}).")
    Path rules = Path.of("rules");

    @Option(names = "--compare", paramLabel = "OTHER_RULES_DIR", description = "A candidate pack to replay side by side.")
    Path compare;

    @Option(names = "--labels", paramLabel = "FILE.csv",
            description = "eventId,label[,campaign[,segment]] with label fraud or legit. Step-ups are then answered "
                    + "as the customer would: legit passes, fraud fails (but see --phished).")
    Path labels;

    @Option(names = "--json", description = "Print the report as JSON.")
    boolean json;

    @Option(names = "--sample", paramLabel = "N", description = "Changed decisions to show with --compare (default: ${DEFAULT-VALUE}).")
    int sample = 20;

    @Option(names = "--decisions", paramLabel = "OUT.jsonl",
            description = "Also write every event's decision (and the candidate's, with --compare) as JSON Lines.")
    Path decisions;

    @Option(names = "--from", paramLabel = "DATE_TIME",
            description = "Report only events at or after this ISO-8601 time (e.g. 2019-07-15T00:00:00+09:00); "
                    + "earlier events still build history, as a warm-up.")
    java.time.OffsetDateTime from;

    @Option(names = "--phished", paramLabel = "SHARE",
            description = "With labels, the share of stepped-up attackers who pass the second factor with a phished "
                    + "code, 0 to 1 (default: 0.3, the same as evaluate's worlds); which ones is fixed per victim account. "
                    + "Every report states it.")
    Double phished;

    @Override
    public Integer call() throws Exception {
        // One assumption for replay and evaluate, so the same world does not look stopped in one and not the other.
        double share = phished == null ? dev.riskgate.simulate.World.DEFAULT_PHISHED_SHARE : phished;
        return Replay.run(events, rules, compare, labels, json, sample, decisions, from, new StepUpAnswers(share, 0),
                System.out, System.err);
    }
}
