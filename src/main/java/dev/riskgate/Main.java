package dev.riskgate;

import dev.riskgate.cli.RiskgateCommand;

public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        // serve returns only once it has drained and closed (SIGTERM/SIGINT), so exiting here is safe for it too.
        System.exit(RiskgateCommand.run(args));
    }
}
