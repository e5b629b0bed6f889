package dev.riskgate.state.redis;

import dev.riskgate.MutableClock;
import dev.riskgate.state.AnswerWindows;
import dev.riskgate.state.AnswerWindowsContract;
import dev.riskgate.state.StateStore;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * The windows on Redis, whose TTLs run on the server's clock: short windows (2 s and 4 s) and real waits.
 * Each test gets its own key prefix on one redis-server this class starts.
 */
class RedisAnswerWindowsTest extends AnswerWindowsContract {

    @TempDir
    static Path serverDir;
    private static RedisServer server;

    @BeforeAll
    static void startRedis() throws Exception {
        server = RedisServer.start(serverDir);
    }

    @AfterAll
    static void stopRedis() {
        server.close();
    }

    @Override
    protected AnswerWindows windows() {
        return new AnswerWindows(Duration.ofSeconds(2), Duration.ofSeconds(4));
    }

    @Override
    protected StateStore open(Path dataDir, MutableClock clock, AnswerWindows windows) {
        return RedisStateStore.open(server.url(), "riskgate-test:" + dataDir.getFileName() + ":",
                RedisStateStore.DEFAULT_TIMEOUT, windows);
    }

    @Override
    protected void pass(Duration d) throws InterruptedException {
        clock.advance(d);
        Thread.sleep(d.toMillis());
    }
}
