package dev.riskgate.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.riskgate.decision.Verdict;
import dev.riskgate.state.AnswerWindows;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigTest {

    @Test
    void defaultsAreSafeAndDirectoriesAbsolute() {
        Config c = Config.from(Map.of());
        assertThat(c.dataDir()).isEqualTo(Path.of("data").toAbsolutePath());
        assertThat(c.rulesDir()).isEqualTo(Path.of("rules").toAbsolutePath());
        assertThat(c.limits().drain()).isEqualTo(Duration.ofSeconds(10));
        assertThat(c.limits().drainDelay()).isEqualTo(Duration.ofSeconds(5));
        assertThat(c.limits().maxInFlight()).isEqualTo(64);
        assertThat(c.limits().headerTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(c.limits().maxConnections()).isBetween(64, 4096);
        assertThat(c.decisionLog().maxAge()).isEqualTo(Duration.ofDays(7));
        assertThat(c.decisionLog().redact()).isFalse();
    }

    @Test
    void readsEveryLimitFromTheEnvironment() {
        Config c = Config.from(Map.of("RISKGATE_MAX_CONNECTIONS", "100", "RISKGATE_MAX_IN_FLIGHT", "8",
                "RISKGATE_IDLE_TIMEOUT_S", "5", "RISKGATE_HEADER_TIMEOUT_S", "3", "RISKGATE_BODY_TIMEOUT_S", "4",
                "RISKGATE_MAX_HEADER_BYTES", "4096", "RISKGATE_DRAIN_S", "0", "RISKGATE_LOG_RETENTION_DAYS", "2",
                "RISKGATE_LOG_MAX_TOTAL_BYTES", "1000000000", "RISKGATE_LOG_REDACT", "true"));
        assertThat(c.limits()).isEqualTo(new ServerLimits(100, 8, Duration.ofSeconds(5), Duration.ofSeconds(3),
                Duration.ofSeconds(4), 4096, Duration.ZERO, Duration.ofSeconds(5)));
        assertThat(c.decisionLog().maxAge()).isEqualTo(Duration.ofDays(2));
        assertThat(c.decisionLog().maxTotalBytes()).isEqualTo(1_000_000_000L);
        assertThat(c.decisionLog().redact()).isTrue();
    }

    @Test
    void readsTheDrainDelayAndRefusesANegativeOne() {
        assertThat(Config.from(Map.of("RISKGATE_DRAIN_DELAY_S", "0")).limits().drainDelay()).isZero();
        assertThat(Config.from(Map.of("RISKGATE_DRAIN_DELAY_S", "12")).limits().drainDelay()).hasSeconds(12);
        assertThatThrownBy(() -> Config.from(Map.of("RISKGATE_DRAIN_DELAY_S", "-1")))
                .hasMessageContaining("RISKGATE_DRAIN_DELAY_S must be 0 or more");
    }

    @Test
    void readsBothAnswerWindowsWithDocumentedDefaultsAndRefusesAFeedbackWindowShorterThanTheIdempotencyOne() {
        assertThat(Config.from(Map.of()).answerWindows())
                .isEqualTo(new AnswerWindows(Duration.ofDays(3), Duration.ofDays(180)));
        assertThat(Config.from(Map.of("RISKGATE_IDEMPOTENCY_WINDOW", "24h", "RISKGATE_FEEDBACK_WINDOW", "120d"))
                .answerWindows()).isEqualTo(new AnswerWindows(Duration.ofHours(24), Duration.ofDays(120)));
        assertThatThrownBy(() -> Config.from(Map.of("RISKGATE_IDEMPOTENCY_WINDOW", "7d", "RISKGATE_FEEDBACK_WINDOW", "3d")))
                .hasMessageContaining("RISKGATE_FEEDBACK_WINDOW must be at least RISKGATE_IDEMPOTENCY_WINDOW");
        assertThatThrownBy(() -> Config.from(Map.of("RISKGATE_IDEMPOTENCY_WINDOW", "3 days")))
                .hasMessageContaining("RISKGATE_IDEMPOTENCY_WINDOW must be a number and a unit");
        assertThat(Config.SETTINGS_HELP).contains("RISKGATE_IDEMPOTENCY_WINDOW", "(3d)", "RISKGATE_FEEDBACK_WINDOW", "(180d)");
    }

    @Test
    void aRedisUrlSelectsTheRedisStoreAndItsAbsenceTheEmbeddedOne() {
        assertThat(Config.from(Map.of()).redisUrl()).isNull();
        assertThat(Config.from(Map.of("RISKGATE_REDIS_URL", "")).redisUrl()).isNull();
        assertThat(Config.from(Map.of("RISKGATE_REDIS_URL", "rediss://:secret@cache:6380")).redisUrl())
                .isEqualTo("rediss://:secret@cache:6380");
        assertThatThrownBy(() -> Config.from(Map.of("RISKGATE_REDIS_URL", "cache:6379")))
                .hasMessageContaining("RISKGATE_REDIS_URL must start with redis:// or rediss://");
        assertThat(Config.from(Map.of("RISKGATE_REDIS_URL", "redis://:secret@cache:6379")).toString())
                .contains("redisUrl=redis://***@cache:6379").doesNotContain("secret");
    }

    @Test
    void aRedisClusterUrlNamesItsSeedNodesAndHidesItsPassword() {
        String url = "redis-cluster://:secret@node-a:7000,node-b:7001";

        assertThat(Config.from(Map.of("RISKGATE_REDIS_URL", url)).redisUrl()).isEqualTo(url);
        assertThat(Config.from(Map.of("RISKGATE_REDIS_URL", url)).toString())
                .contains("redisUrl=redis-cluster://***@node-a:7000,node-b:7001").doesNotContain("secret");
    }

    @Test
    void theDeadlineAndFailDecisionDefaultTo100MsAndStepUpAndAreRead() {
        assertThat(Config.from(Map.of()).degradedMode())
                .isEqualTo(new DegradedMode(Duration.ofMillis(100), Verdict.STEP_UP));
        Config c = Config.from(Map.of("RISKGATE_DEADLINE_MS", "250", "RISKGATE_FAIL_DECISION", "BLOCK"));
        assertThat(c.degradedMode()).isEqualTo(new DegradedMode(Duration.ofMillis(250), Verdict.BLOCK));
        assertThat(c.degradedMode().storeTimeout()).as("half the deadline").isEqualTo(Duration.ofMillis(125));
        assertThat(new DegradedMode(Duration.ofSeconds(30), Verdict.ALLOW).storeTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThatThrownBy(() -> Config.from(Map.of("RISKGATE_DEADLINE_MS", "0")))
                .hasMessageContaining("RISKGATE_DEADLINE_MS must be in the range [1, 60000], was 0");
        assertThatThrownBy(() -> Config.from(Map.of("RISKGATE_FAIL_DECISION", "DECLINE")))
                .hasMessageContaining("RISKGATE_FAIL_DECISION must be one of [ALLOW, BLOCK, STEP_UP], was 'DECLINE'");
    }

    @Test
    void theRulesComeFromTheDirectoryUnlessRedisIsNamedWithAUrl() {
        assertThat(Config.from(Map.of()).rulesFromRedis()).isFalse();
        assertThat(Config.from(Map.of("RISKGATE_RULES_SOURCE", "dir")).rulesFromRedis()).isFalse();
        assertThat(Config.from(Map.of("RISKGATE_RULES_SOURCE", "redis", "RISKGATE_REDIS_URL", "redis://cache:6379"))
                .rulesFromRedis()).isTrue();
        assertThatThrownBy(() -> Config.from(Map.of("RISKGATE_RULES_SOURCE", "redis")))
                .hasMessageContaining("RISKGATE_RULES_SOURCE=redis needs RISKGATE_REDIS_URL");
        assertThatThrownBy(() -> Config.from(Map.of("RISKGATE_RULES_SOURCE", "s3")))
                .hasMessageContaining("RISKGATE_RULES_SOURCE must be one of [dir, redis]");
    }

    @Test
    void theConsoleIsOnUnlessTurnedOff() {
        assertThat(Config.from(Map.of()).console()).isTrue();
        assertThat(Config.from(Map.of("RISKGATE_CONSOLE", "on")).console()).isTrue();
        assertThat(Config.from(Map.of("RISKGATE_CONSOLE", "off")).console()).isFalse();
        assertThat(Config.from(Map.of("RISKGATE_CONSOLE", "off")).withLimits(ServerLimits.defaults()).console())
                .as("kept by the with* copies").isFalse();
        assertThatThrownBy(() -> Config.from(Map.of("RISKGATE_CONSOLE", "false")))
                .hasMessageContaining("RISKGATE_CONSOLE must be one of [off, on], was 'false'");
    }

    @Test
    void badValuesNameTheSettingAndTheRange() {
        assertThatThrownBy(() -> Config.from(Map.of("RISKGATE_MAX_IN_FLIGHT", "0")))
                .hasMessageContaining("RISKGATE_MAX_IN_FLIGHT must be at least 1");
        assertThatThrownBy(() -> Config.from(Map.of("RISKGATE_HEADER_TIMEOUT_S", "zero")))
                .hasMessageContaining("RISKGATE_HEADER_TIMEOUT_S must be a number");
        assertThatThrownBy(() -> Config.from(Map.of("RISKGATE_LOG_REDACT", "maybe")))
                .hasMessageContaining("RISKGATE_LOG_REDACT must be true or false");
        assertThatThrownBy(() -> Config.from(Map.of("RISKGATE_LOG_FORMAT", "xml")))
                .hasMessageContaining("RISKGATE_LOG_FORMAT must be one of [json, text]");
        assertThatThrownBy(() -> Config.from(Map.of("RISKGATE_LOG_MAX_TOTAL_BYTES", "10")))
                .hasMessageContaining("RISKGATE_LOG_MAX_TOTAL_BYTES must be at least RISKGATE_LOG_MAX_BYTES");
        assertThatCode(() -> Config.from(Map.of("RISKGATE_LOG_LEVEL", "debug"))).as("any case").doesNotThrowAnyException();
        assertThatThrownBy(() -> Config.from(Map.of("RISKGATE_LOG_LEVEL", "loud"))).hasMessageContaining("RISKGATE_LOG_LEVEL");
    }
}
