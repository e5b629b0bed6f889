package dev.riskgate;

import dev.riskgate.cli.RiskgateCommand;

public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        int code = RiskgateCommand.run(args);
        if (code != 0 || args.length == 0 || !"serve".equals(args[0])) {
            System.exit(code);
        }
    }
}
