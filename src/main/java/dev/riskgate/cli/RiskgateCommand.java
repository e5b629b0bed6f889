package dev.riskgate.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "riskgate", mixinStandardHelpOptions = true, version = "riskgate 0.1.0",
        description = "Real-time risk scoring for wallet charges and purchases.",
        subcommands = {ServeCommand.class, TestCommand.class, ReplayCommand.class, SimulateCommand.class,
                ImportCommand.class, EvaluateCommand.class, PublishCommand.class, RepairCommand.class, AlertsCommand.class,
                CommandLine.HelpCommand.class})
public final class RiskgateCommand {

    public static int run(String... args) {
        return new CommandLine(new RiskgateCommand()).execute(args);
    }
}
