package dev.riskgate.state.redis;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A redis-server for a test class ({@code @RegisterExtension static final RedisServerExtension redis}),
 * started before the class's own {@code @BeforeAll} and stopped, its directory deleted, after everything.
 */
public final class RedisServerExtension implements BeforeAllCallback, AfterAllCallback {

    RedisServer server;
    private Path dir;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        dir = Files.createTempDirectory("riskgate-redis-");
        server = RedisServer.start(dir);
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        server.close();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
