package dev.riskgate.cli;

import dev.riskgate.Service;
import dev.riskgate.StartupFailure;
import dev.riskgate.config.Config;
import dev.riskgate.rules.RulePackRejected;
import dev.riskgate.state.embedded.JournalDamaged;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import sun.misc.Signal;

@Command(name = "serve", mixinStandardHelpOptions = true, usageHelpWidth = 110,
        description = {"Start the scoring service. On SIGTERM or Ctrl-C it drains: /health turns 503 DRAINING while "
                + "requests are still served for RISKGATE_DRAIN_DELAY_S (so a balancer stops sending), then new "
                + "requests are refused, accepted ones are answered (within RISKGATE_DRAIN_S), state is closed, "
                + "and it exits 0. Allow the delay plus the drain before a supervisor kills it. A second signal "
                + "stops it at once (exit 1).",
                "",
                "Settings come from the environment (default in brackets):", Config.SETTINGS_HELP},
        footer = {"Exit codes: 0 stopped, 2 the rule pack was rejected, 3 a setting or the environment is wrong "
                + "(a busy port, a missing directory, a data directory in use), 4 the state journal is damaged (run riskgate repair)."})
final class ServeCommand implements Callable<Integer> {

    @Override
    public Integer call() throws Exception {
        Service service;
        try {
            service = Service.start(Config.fromEnvironment());
        } catch (RulePackRejected e) {
            System.err.println("riskgate: the rule pack was rejected\n" + e.getMessage());
            return 2;
        } catch (StartupFailure | IllegalArgumentException e) {
            System.err.println("riskgate: " + e.getMessage());
            return 3;
        } catch (JournalDamaged e) {
            System.err.println("riskgate: the state journal is damaged, not starting\n" + e.getMessage());
            return 4;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        AtomicBoolean draining = new AtomicBoolean();
        Runnable stop = () -> {
            if (!draining.compareAndSet(false, true)) {
                // An operator who signals twice does not want to wait for the drain.
                System.err.println("riskgate: second signal during the drain; stopping now");
                Runtime.getRuntime().halt(1);
            }
            service.drainAndClose();
            stopped.countDown();
        };
        // Handling TERM and INT ourselves (rather than only a shutdown hook) lets a drained stop exit 0, not 143.
        for (String signal : new String[] {"TERM", "INT"}) {
            try {
                Signal.handle(new Signal(signal), s -> new Thread(stop, "riskgate-drain").start());
            } catch (IllegalArgumentException taken) {
                // The JVM keeps this signal (-Xrs, say): the shutdown hook below still drains.
            }
        }
        // Any other way out (System.exit elsewhere, SIGHUP) still drains, with the JVM's exit code.
        Runtime.getRuntime().addShutdownHook(new Thread(service::drainAndClose, "riskgate-shutdown"));
        stopped.await();
        return 0;
    }
}
