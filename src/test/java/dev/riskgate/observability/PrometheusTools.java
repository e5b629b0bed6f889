package dev.riskgate.observability;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The {@code prometheus} and {@code promtool} binaries of Debian's prometheus package. A missing binary
 * fails the test that needs it: scripts/test.sh installs the package, and skipping would hide that.
 */
final class PrometheusTools {

    /** What a finished command printed (stdout and stderr together) and its exit code. */
    record Run(int exitCode, String output) {
    }

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private PrometheusTools() {
    }

    static Path require(String binary) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(dir, binary);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return fail("'" + binary + "' is not on the PATH. The observability tests run a real Prometheus: install "
                + "Debian's prometheus package (apt-get install -y prometheus), which scripts/test.sh does when run as root.");
    }

    /** Runs promtool with {@code args} in {@code dir}, feeding it {@code stdin} (may be null). */
    static Run promtool(Path dir, String stdin, String... args) {
        List<String> command = new ArrayList<>();
        command.add(require("promtool").toString());
        command.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
            try (OutputStream in = p.getOutputStream()) {
                if (stdin != null) {
                    in.write(stdin.getBytes(StandardCharsets.UTF_8));
                }
            }
            // The output is small; reading it to the end also waits for the process to close it.
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return fail(String.join(" ", command) + " did not finish within " + TIMEOUT);
            }
            return new Run(p.exitValue(), output);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted running " + command, e);
        }
    }
}
