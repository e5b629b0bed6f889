package dev.riskgate.http;

import dev.riskgate.Service;
import dev.riskgate.TestPaths;
import dev.riskgate.config.Access;
import dev.riskgate.config.Config;
import dev.riskgate.config.DegradedMode;
import dev.riskgate.event.EventAge;
import dev.riskgate.state.StateStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real riskgate for a test class: the repository's rule pack (or an editable copy of it, and
 * optionally a shadow copy), a fresh data dir, an ephemeral port on loopback, the {@link TestKeys}. Register it as a static
 * {@code @RegisterExtension} field; it starts once before the class's first test (compiling the pack
 * takes seconds) and stops after its last.
 */
public final class RunningRiskgate implements BeforeAllCallback, AfterAllCallback {

    /**
     * The decision deadline of every test service but the deadline tests': a cold JVM's first decisions
     * (Drools classes loading, JIT) on a loaded two-core box can take longer than the 100 ms default,
     * and a test expecting a rule's decision must not get the fail decision instead.
     */
    public static final DegradedMode PATIENT = new DegradedMode(Duration.ofSeconds(10), DegradedMode.DEFAULT_FAIL_DECISION);
    /** Tests start with a warm instance, as a balancer would send them one ({@code /health} UP). */
    private static final Duration WARM = Duration.ofSeconds(120);

    private final boolean editableRules;
    private final boolean shadow;
    private final Access access;
    private final UnaryOperator<Config> settings;
    private final UnaryOperator<StateStore> storeAround;
    private Path workDir;
    private Path rulesDir;
    private Path shadowDir;
    private Service service;
    private RiskgateClient client;

    public RunningRiskgate() {
        this(false, false, TestKeys.access());
    }

    private RunningRiskgate(boolean editableRules, boolean shadow, Access access) {
        this(editableRules, shadow, access, UnaryOperator.identity());
    }

    private RunningRiskgate(boolean editableRules, boolean shadow, Access access, UnaryOperator<Config> settings) {
        this(editableRules, shadow, access, settings, UnaryOperator.identity());
    }

    private RunningRiskgate(boolean editableRules, boolean shadow, Access access, UnaryOperator<Config> settings,
                            UnaryOperator<StateStore> storeAround) {
        this.editableRules = editableRules;
        this.shadow = shadow;
        this.access = access;
        this.settings = settings;
        this.storeAround = storeAround;
    }

    /**
     * Waits until {@code service} has warmed up (/health UP), as a load balancer would before sending it
     * traffic; returns it. For tests that start a {@link Service} themselves.
     */
    public static Service warm(Service service) throws InterruptedException {
        if (!service.awaitWarm(WARM)) {
            throw new IllegalStateException("riskgate did not warm up within " + WARM);
        }
        return service;
    }

    /** {@code config} with the {@link #PATIENT} deadline. */
    public static Config patient(Config config) {
        return config.withDegradedMode(PATIENT);
    }

    /** Serves the shipped pack to callers holding these keys (or none, when {@code access} is open). */
    public static RunningRiskgate withAccess(Access access) {
        return new RunningRiskgate(false, false, access);
    }

    /** Serves the shipped pack to callers holding these keys, with settings changed from the defaults. */
    public static RunningRiskgate withAccess(Access access, UnaryOperator<Config> settings) {
        return new RunningRiskgate(false, false, access, settings);
    }

    /** The shipped pack, the test keys, and settings changed from the defaults, e.g. {@code c -> c.withLimits(...)}. */
    public static RunningRiskgate with(UnaryOperator<Config> settings) {
        return new RunningRiskgate(false, false, TestKeys.access(), settings);
    }

    /** As {@link #with(UnaryOperator)}, the service's state store wrapped by {@code storeAround}. */
    public static RunningRiskgate with(UnaryOperator<Config> settings, UnaryOperator<StateStore> storeAround) {
        return new RunningRiskgate(false, false, TestKeys.access(), settings, storeAround);
    }

    /**
     * Takes events a few days old, as a harness does that lays down an owner's history through the API
     * ({@link ScoreBodies#ownersEarlierPurchase}); a live service refuses them (RISKGATE_MAX_EVENT_AGE).
     */
    public static final UnaryOperator<Config> OWNERS_HISTORY = c -> c.withMaxEventAge(new EventAge(Duration.ofDays(7)));

    /** Serves a copy of the shipped pack that the test may edit under the running service. */
    public static RunningRiskgate withEditableRules() {
        return new RunningRiskgate(true, false, TestKeys.access(), OWNERS_HISTORY);
    }

    /** Also runs an editable copy of the shipped pack as the shadow pack. */
    public static RunningRiskgate withShadowPack() {
        return new RunningRiskgate(true, true, TestKeys.access(), OWNERS_HISTORY);
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        workDir = Files.createTempDirectory("riskgate-test-");
        rulesDir = editableRules ? TestPaths.copyRules(workDir.resolve("rules")) : TestPaths.rules();
        shadowDir = shadow ? TestPaths.copyRules(workDir.resolve("shadow-rules")) : null;
        service = Service.start(settings.apply(patient(new Config(0, workDir.resolve("data"), rulesDir, "127.0.0.1",
                shadowDir, access, Config.DEFAULT_LOG_MAX_BYTES))), storeAround);
        client = new RiskgateClient(service.port());
        warm(service);
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        try {
            if (service != null) {
                service.close();
            }
        } finally {
            try (Stream<Path> files = Files.walk(workDir)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    public Service service() {
        return service;
    }

    public RiskgateClient client() {
        return client;
    }

    public Path rulesDir() {
        return rulesDir;
    }

    public Path shadowRulesDir() {
        return shadowDir;
    }

    public Path dataDir() {
        return workDir.resolve("data");
    }
}
