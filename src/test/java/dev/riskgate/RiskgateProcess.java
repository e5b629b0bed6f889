package dev.riskgate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.riskgate.http.RiskgateClient;
import dev.riskgate.http.RunningRiskgate;
import dev.riskgate.http.TestKeys;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code riskgate serve} in a child JVM, as an operator runs it: settings in the environment, signals
 * from outside, stdout and stderr in a log file.
 */
public final class RiskgateProcess implements AutoCloseable {

    private static final Duration STARTUP = Duration.ofSeconds(90);

    private final Process process;
    private final Path log;
    private final int port;

    private RiskgateProcess(Process process, Path log, int port) {
        this.process = process;
        this.log = log;
        this.port = port;
    }

    /**
     * Starts a child with the repository's rules and {@code env} on top (an empty value unsets the
     * variable), on the shipped JVM flags; does not wait for it.
     */
    public static RiskgateProcess launch(Path workingDir, Path log, Map<String, String> env) throws IOException {
        return launch(workingDir, log, env, JvmCollector.SHIPPED);
    }

    /** As {@link #launch(Path, Path, Map)}, with {@code jvmFlags} (space-separated) instead of the shipped ones. */
    public static RiskgateProcess launch(Path workingDir, Path log, Map<String, String> env, String jvmFlags)
            throws IOException {
        Map<String, String> settings = new HashMap<>();
        settings.put("RISKGATE_PORT", Integer.toString(freePort()));
        settings.put("RISKGATE_RULES_DIR", TestPaths.rules().toString());
        settings.put("RISKGATE_HOST", "127.0.0.1");
        settings.put("RISKGATE_API_KEYS", TestKeys.API);
        settings.put("RISKGATE_ADMIN_KEYS", TestKeys.ADMIN);
        settings.put("RISKGATE_CASES_DIR", TestPaths.testCases().toString());
        settings.put("RISKGATE_DEADLINE_MS", Long.toString(RunningRiskgate.PATIENT.deadline().toMillis()));
        settings.putAll(env);
        settings.values().removeIf(String::isEmpty);
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of(jvmFlags.split(" ")));
        // The service's own log configuration, not the test suite's (src/test/resources/logback-test.xml).
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "-Dlogback.configurationFile=logback.xml",
                "dev.riskgate.Main", "serve"));
        ProcessBuilder pb = new ProcessBuilder(command)
                .directory(workingDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("RISKGATE_"));
        pb.environment().putAll(settings);
        return new RiskgateProcess(pb.start(), log, Integer.parseInt(settings.getOrDefault("RISKGATE_PORT", "8080")));
    }

    /** Starts a child and waits until /health answers 200. */
    public static RiskgateProcess start(Path workingDir, Path log, Map<String, String> env) throws IOException,
            InterruptedException {
        return start(workingDir, log, env, JvmCollector.SHIPPED);
    }

    /** As {@link #start(Path, Path, Map)}, with {@code jvmFlags} instead of the shipped ones. */
    public static RiskgateProcess start(Path workingDir, Path log, Map<String, String> env, String jvmFlags)
            throws IOException, InterruptedException {
        RiskgateProcess child = launch(workingDir, log, env, jvmFlags);
        child.awaitHealthy();
        return child;
    }

    public RiskgateClient client() {
        return new RiskgateClient(port);
    }

    public Process process() {
        return process;
    }

    public int port() {
        return port;
    }

    public String output() throws IOException {
        return Files.readString(log);
    }

    /** Waits for the child to exit by itself and returns its exit code. */
    public int awaitExit(Duration within) throws InterruptedException {
        assertThat(process.waitFor(within.toSeconds(), TimeUnit.SECONDS)).as("riskgate exited within " + within).isTrue();
        return process.exitValue();
    }

    /** Waits until /health answers 200; fails with the child's output if it exits or takes too long. */
    public void awaitHealthy() throws InterruptedException, IOException {
        RiskgateClient client = client();
        long deadline = System.nanoTime() + STARTUP.toNanos();
        while (System.nanoTime() < deadline) {
            assertThat(process.isAlive()).as("riskgate child exited during startup:\n" + output()).isTrue();
            try {
                if (client.get("/health").status() == 200) {
                    return;
                }
            } catch (UncheckedIOException notListeningYet) {
                // keep polling
            }
            Thread.sleep(200);
        }
        throw new AssertionError("riskgate child not healthy within " + STARTUP + ":\n" + output());
    }

    @Override
    public void close() throws InterruptedException {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
