package dev.riskgate;

import java.nio.file.Path;

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
}
