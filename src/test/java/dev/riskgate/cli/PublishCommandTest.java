package dev.riskgate.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.riskgate.Service;
import dev.riskgate.StartupFailure;
import dev.riskgate.TestPaths;
import dev.riskgate.config.Config;
import dev.riskgate.http.RiskgateClient;
import dev.riskgate.http.RunningRiskgate;
import dev.riskgate.http.ScoreBodies;
import dev.riskgate.http.TestKeys;
import dev.riskgate.rules.RulePackLoader;
import dev.riskgate.state.redis.RedisPackStore;
import dev.riskgate.state.redis.RedisServer;
import dev.riskgate.state.redis.RedisStateStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * One rule pack everywhere (issue 9, item 5): {@code riskgate publish} checks a pack as serve would and
 * runs its scenario files, and only then makes it current in a real redis-server; three real riskgate
 * services started with RISKGATE_RULES_SOURCE=redis serve it and switch to the next one without a restart.
 */
// The start-up check must run before any test publishes another pack to the same Redis.
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PublishCommandTest {

    /** Generous: each instance compiles the pack and runs every scenario file on 2 busy cores. */
    private static final Duration REACHES_EVERY_INSTANCE = Duration.ofSeconds(90);

    @RegisterExtension
    @Order(1)
    static final PublishedRedis redis = new PublishedRedis();

    @RegisterExtension
    @Order(2)
    static final RunningRiskgate a = RunningRiskgate.with(s -> s.withRedisUrl(redis.server.url()).withRulesFromRedis());

    @RegisterExtension
    @Order(3)
    static final RunningRiskgate b = RunningRiskgate.with(s -> s.withRedisUrl(redis.server.url()).withRulesFromRedis());

    @RegisterExtension
    @Order(4)
    static final RunningRiskgate c = RunningRiskgate.with(s -> s.withRedisUrl(redis.server.url()).withRulesFromRedis());

    @Test
    @Order(1)
    void everyInstanceStartsOnThePublishedPack() {
        String current = redis.current();
        for (RunningRiskgate instance : List.of(a, b, c)) {
            assertThat(instance.service().rulesVersion()).isEqualTo(current);
        }
        assertThat(current).isEqualTo(RulePackLoader.versionOf(TestPaths.rules()));
    }

    @Test
    void refusesAPackThatFailsItsScenariosAndLeavesTheCurrentOne() throws IOException {
        Path lenient = TestPaths.copyRules(redis.workDir.resolve("lenient-rules"));
        // Compiles, passes the policy and the probe: only the scenarios can tell it blocks nothing.
        Files.writeString(lenient.resolve("parameters.properties"), Files.readString(lenient.resolve("parameters.properties"))
                .replace("decision.block_at = 80", "decision.block_at = 100"));
        String before = redis.current();

        Cli published = Cli.run("publish", "--rules", lenient.toString(), "--cases", TestPaths.testCases().toString(),
                "--redis", redis.server.url());

        assertThat(published.exit()).as(published.err()).isEqualTo(1);
        assertThat(published.err()).contains("fails its scenario files", "nothing was published", "BLOCK");
        assertThat(redis.current()).isEqualTo(before);
        assertThat(redis.store.files(RulePackLoader.versionOf(lenient))).as("the refused pack is not stored").isEmpty();
    }

    @Test
    void aPublishedPackReachesEveryInstanceWithoutRestart() throws Exception {
        Path next = TestPaths.copyRules(redis.workDir.resolve("next-rules"));
        Files.writeString(next.resolve("parameters.properties"), "\n# reviewed again before the summer sale\n",
                StandardOpenOption.APPEND);
        String version = RulePackLoader.versionOf(next);
        assertThat(version).isNotEqualTo(redis.current());

        Cli published = Cli.run("publish", "--rules", next.toString(), "--cases", TestPaths.testCases().toString(),
                "--redis", redis.server.url());

        assertThat(published.exit()).as(published.err()).isZero();
        assertThat(published.out()).contains("published rules " + version);
        assertThat(redis.current()).isEqualTo(version);
        Instant deadline = Instant.now().plus(REACHES_EVERY_INSTANCE);
        for (RunningRiskgate instance : List.of(a, b, c)) {
            while (!instance.service().rulesVersion().equals(version) && Instant.now().isBefore(deadline)) {
                Thread.sleep(100);
            }
            assertThat(instance.service().rulesVersion()).as("instance on port %d", instance.service().port())
                    .isEqualTo(version);
            RiskgateClient client = instance.client();
            assertThat(client.score(ScoreBodies.charge(ScoreBodies.unique("acct"), ScoreBodies.unique("dev"), 1000))
                    .json().getString("rulesVersion")).isEqualTo(version);
            assertThat(client.get("/health").json().getString("rulesVersion")).isEqualTo(version);
            String metrics = client.get("/metrics").body();
            assertThat(metrics).contains("riskgate_rule_pack_info{version=\"" + version + "\"} 1\n");
            assertThat(metrics).as("only the version it serves").containsOnlyOnce("riskgate_rule_pack_info{");
        }
        assertThat(Cli.run("publish", "--rules", next.toString(), "--cases", TestPaths.testCases().toString(),
                "--redis", redis.server.url()).out()).contains("already current");
    }

    @Test
    @Order(2)
    void listsVersionsWithTimePublisherAndScenarioResult() {
        Cli listed = Cli.run("publish", "--list", "--redis", redis.server.url());

        assertThat(listed.exit()).as(listed.err()).isZero();
        String line = listed.out().lines().filter(l -> l.startsWith(redis.current() + " *")).findFirst().orElseThrow(
                () -> new AssertionError("the current version, marked, in\n" + listed.out()));
        assertThat(line).contains("ops-test", "passed ").containsPattern("scenario files \\([0-9a-f]{12}\\)")
                .containsPattern("20\\d\\d-\\d\\d-\\d\\dT");
        assertThat(listed.out()).contains("Kept: the " + RedisPackStore.KEEP + " versions made current most recently");
    }

    /**
     * Rollback by version, and a republish of a stored version, make it current without running the suite
     * again when the scenario files are unchanged; changed scenario files are run again first. Instances
     * follow, and /admin/rules says when each swapped and where the pack came from.
     */
    @Test
    void rollsBackByVersionWithoutRunningUnchangedScenariosAgain() throws Exception {
        // Published before the instances started, by "ops-test".
        String original = RulePackLoader.versionOf(TestPaths.rules());
        Path next = TestPaths.copyRules(redis.workDir.resolve("rollback-rules"));
        Files.writeString(next.resolve("parameters.properties"), "\n# a change to roll back\n", StandardOpenOption.APPEND);
        long t0 = System.nanoTime();
        Cli published = Cli.run("publish", "--rules", next.toString(), "--cases", TestPaths.testCases().toString(),
                "--redis", redis.server.url(), "--by", "ops-test");
        long publishMs = (System.nanoTime() - t0) / 1_000_000;
        assertThat(published.exit()).as(published.err()).isZero();
        String nextVersion = RulePackLoader.versionOf(next);
        awaitEveryInstanceOn(nextVersion);

        Instant beforeRollback = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        t0 = System.nanoTime();
        Cli rolledBack = Cli.run("publish", "--activate", original, "--cases", TestPaths.testCases().toString(),
                "--redis", redis.server.url());
        long activateMs = (System.nanoTime() - t0) / 1_000_000;
        assertThat(rolledBack.exit()).as(rolledBack.err()).isZero();
        assertThat(rolledBack.out()).contains("rules " + original + " made current", "replacing " + nextVersion,
                "not run again");
        assertThat(redis.current()).isEqualTo(original);
        assertThat(redis.store.version(original).activatedAt()).isAfterOrEqualTo(beforeRollback);

        awaitEveryInstanceOn(original);
        for (RunningRiskgate instance : List.of(a, b, c)) {
            io.vertx.core.json.JsonObject active = instance.client().get("/admin/rules").json().getJsonObject("active");
            assertThat(active.getString("origin")).contains("published to " + RedisStateStore.where(redis.server.url())
                    + " as " + original, "by ops-test", "passed ");
            assertThat(Instant.parse(active.getString("swappedAt"))).as("swapped in after the rollback, once compiled")
                    .isAfterOrEqualTo(beforeRollback).isAfterOrEqualTo(Instant.parse(active.getString("loadedAt")));
        }

        // The rolled-back directory published again: stored and checked against these files, so made current as is.
        t0 = System.nanoTime();
        Cli republished = Cli.run("publish", "--rules", next.toString(), "--cases", TestPaths.testCases().toString(),
                "--redis", redis.server.url());
        long republishMs = (System.nanoTime() - t0) / 1_000_000;
        assertThat(republished.exit()).as(republished.err()).isZero();
        assertThat(republished.out()).contains("rules " + nextVersion, "not run again", "by ops-test");
        assertThat(redis.current()).isEqualTo(nextVersion);

        // Changed scenario files: the stored version is checked against them before it is made current.
        Path cases = redis.workDir.resolve("cases-changed");
        copyTree(TestPaths.testCases(), cases);
        Files.writeString(cases.resolve("zz-extra.yaml"), Files.readString(TestPaths.testCases().resolve("high-amount.yaml"))
                .replaceFirst("(?m)^name: .*$", "name: the same case once more"));
        t0 = System.nanoTime();
        Cli rechecked = Cli.run("publish", "--activate", original, "--cases", cases.toString(), "--redis", redis.server.url());
        long recheckMs = (System.nanoTime() - t0) / 1_000_000;
        assertThat(rechecked.exit()).as(rechecked.err()).isZero();
        assertThat(rechecked.out()).contains("again (the scenario files changed since it was published)");
        assertThat(redis.current()).isEqualTo(original);
        System.out.printf("publish with checks %d ms; rollback by version %d ms; republish of a stored version %d ms; "
                + "rollback with changed scenario files %d ms%n", publishMs, activateMs, republishMs, recheckMs);
    }

    @Test
    void refusesToActivateAVersionRedisDoesNotKeep() {
        Cli activated = Cli.run("publish", "--activate", "0123456789ab", "--cases", TestPaths.testCases().toString(),
                "--redis", redis.server.url());

        assertThat(activated.exit()).isEqualTo(2);
        assertThat(activated.err()).contains("keeps no rule pack version '0123456789ab'", "publish --list");
    }

    /**
     * Redis is reached before the pack is compiled and its scenarios run (seconds): a dead Redis fails at
     * once. The pack here does not even compile, so a publish that checked first would say so (exit 2).
     */
    @Test
    void failsFastWhenRedisCannotBeReached() throws IOException {
        int closed;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        Path broken = TestPaths.copyRules(redis.workDir.resolve("broken-rules"));
        Files.writeString(broken.resolve("zz-broken.drl"), "rule \"never compiles\" when then oops; end\n");
        long t0 = System.nanoTime();
        Cli published = Cli.run("publish", "--rules", broken.toString(), "--cases",
                TestPaths.testCases().toString(), "--redis", "redis://127.0.0.1:" + closed);
        Duration took = Duration.ofNanos(System.nanoTime() - t0);

        assertThat(published.exit()).as(published.out() + published.err()).isEqualTo(3);
        assertThat(published.err()).contains("cannot connect to Redis", "nothing was published").doesNotContain("rejected");
        System.out.printf("publish against a closed Redis port failed after %d ms%n", took.toMillis());
        assertThat(took).as("failed before compiling the pack or running a scenario").isLessThan(Duration.ofSeconds(2));
    }

    private static void awaitEveryInstanceOn(String version) throws InterruptedException {
        Instant deadline = Instant.now().plus(REACHES_EVERY_INSTANCE);
        for (RunningRiskgate instance : List.of(a, b, c)) {
            while (!instance.service().rulesVersion().equals(version) && Instant.now().isBefore(deadline)) {
                Thread.sleep(100);
            }
            assertThat(instance.service().rulesVersion()).as("instance on port %d", instance.service().port())
                    .isEqualTo(version);
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (java.util.stream.Stream<Path> files = Files.walk(from)) {
            for (Path f : files.toList()) {
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(f, target);
                }
            }
        }
    }

    @Test
    void anInstanceWillNotStartBeforeAnyPackIsPublished() throws Exception {
        Path work = Files.createTempDirectory(redis.workDir, "empty-");
        try (RedisServer empty = RedisServer.start(work)) {
            Config config = new Config(0, work.resolve("data"), work.resolve("no-rules-here"), "127.0.0.1",
                    TestKeys.access()).withRedisUrl(empty.url()).withRulesFromRedis();

            assertThatThrownBy(() -> Service.start(config).close()).isInstanceOf(StartupFailure.class)
                    .hasMessageContaining("no rule pack has been published").hasMessageContaining("riskgate publish");
        }
    }

    @Test
    void refusesToPublishWithoutRedis() {
        Cli published = Cli.run("publish", "--rules", TestPaths.rules().toString(), "--cases",
                TestPaths.testCases().toString(), "--redis", "http://localhost:6379");

        assertThat(published.exit()).isEqualTo(3);
        assertThat(published.err()).contains("--redis URL or RISKGATE_REDIS_URL");
    }

    /** A redis-server with the shipped pack published, before the instances start. */
    static final class PublishedRedis implements BeforeAllCallback, AfterAllCallback {
        RedisServer server;
        RedisPackStore store;
        Path workDir;

        @Override
        public void beforeAll(ExtensionContext context) throws Exception {
            workDir = Files.createTempDirectory("riskgate-publish-");
            server = RedisServer.start(workDir);
            store = RedisPackStore.open(server.url(), RedisStateStore.DEFAULT_PREFIX);
            Cli published = Cli.run("publish", "--rules", TestPaths.rules().toString(), "--cases",
                    TestPaths.testCases().toString(), "--redis", server.url(), "--by", "ops-test");
            assertThat(published.exit()).as(published.err()).isZero();
        }

        String current() {
            return store.currentVersion();
        }

        @Override
        public void afterAll(ExtensionContext context) {
            store.close();
            server.close();
        }
    }
}
