package dev.riskgate.cli;

import dev.riskgate.Service;
import dev.riskgate.config.Config;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;

@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Start the scoring service.",
                "Settings come from the environment: RISKGATE_PORT (8080), RISKGATE_DATA_DIR (./data),",
                "RISKGATE_RULES_DIR (./rules), RISKGATE_HOST (0.0.0.0), RISKGATE_SYNC (normal|full),",
                "RISKGATE_CASES_DIR (./test-cases: scenario files every rule pack must pass before it serves;",
                "'none' serves packs unchecked)."})
final class ServeCommand implements Callable<Integer> {

    @Override
    public Integer call() throws Exception {
        Service service;
        try {
            service = Service.start(Config.fromEnvironment());
        } catch (dev.riskgate.rules.RulePackRejected e) {
            System.err.println("riskgate: the rule pack was rejected\n" + e.getMessage());
            return 2;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            service.close();
            stopped.countDown();
        }, "riskgate-shutdown"));
        stopped.await();
        return 0;
    }
}
