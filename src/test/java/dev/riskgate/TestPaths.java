package dev.riskgate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Where the repository's own rule pack and scenario files are, for tests that use the real ones. */
public final class TestPaths {
    private TestPaths() {
    }

    public static Path repo() {
        return Path.of(System.getProperty("riskgate.repo", ".")).toAbsolutePath().normalize();
    }

    public static Path rules() {
        return repo().resolve("rules");
    }

    public static Path testCases() {
        return repo().resolve("test-cases");
    }

    /** Copies the shipped pack into {@code target} (created if missing), for tests that edit a pack. */
    public static Path copyRules(Path target) throws IOException {
        Files.createDirectories(target);
        try (Stream<Path> files = Files.list(rules())) {
            for (Path p : files.sorted().toList()) {
                Files.copy(p, target.resolve(p.getFileName()));
            }
        }
        return target;
    }
}
