package dev.riskgate.http;

import static dev.riskgate.http.ScoreBodies.item;
import static dev.riskgate.http.ScoreBodies.ownersEarlierPurchase;
import static dev.riskgate.http.ScoreBodies.purchase;
import static dev.riskgate.http.ScoreBodies.unique;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Analysts edit the live pack under a running service: edits land, broken edits are refused. */
class HotReloadTest {

    @RegisterExtension
    static final RunningRiskgate riskgate = RunningRiskgate.withEditableRules();

    private static final String CARTONS_RULE = "tobacco bulk: many cartons in one purchase";
    private String originalParams;

    @BeforeEach
    void rememberParams() throws IOException {
        originalParams = Files.readString(params());
    }

    @AfterEach
    void restoreParams() throws IOException {
        Files.writeString(params(), originalParams);
        riskgate.client().post("/admin/rules/reload", "", "application/json");
    }

    @Test
    void editedParameterChangesAnswersWithinFiveSeconds() throws Exception {
        String before = riskgate.service().rulesVersion();
        assertThat(pointsOf(cartonPurchase(), CARTONS_RULE)).isEqualTo(40);

        Files.writeString(params(), originalParams.replace("tobacco.per_purchase.points = 40", "tobacco.per_purchase.points = 45"));

        JsonObject answer = waitFor(Duration.ofSeconds(5), HotReloadTest::cartonPurchase,
                a -> !a.getString("rulesVersion").equals(before));
        assertThat(points(answer, CARTONS_RULE)).isEqualTo(45);
    }

    @Test
    void brokenRuleKeepsTheOldPackAndReportsFileLineAndRule() throws Exception {
        Path velocity = riskgate.rulesDir().resolve("velocity.drl");
        String original = Files.readString(velocity);
        String before = riskgate.service().rulesVersion();
        Instant edited = Instant.now();
        try {
            Files.writeString(velocity, original.replace("WalletEvent(type == EventKind.CHARGE)", "WalletEvent(tpye == EventKind.CHARGE)"));
            JsonObject rejection = waitFor(Duration.ofSeconds(5), () -> riskgate.client().get("/admin/rules").json()
                    .getJsonObject("active"), s -> s.getValue("lastRejection") != null
                    && Instant.parse(s.getJsonObject("lastRejection").getString("at")).isAfter(edited))
                    .getJsonObject("lastRejection");

            assertThat(rejection.getString("result")).isEqualTo("rejected");
            JsonObject error = rejection.getJsonArray("errors").getJsonObject(0);
            assertThat(error.getString("file")).isEqualTo("velocity.drl");
            assertThat(error.getInteger("line")).isPositive();
            assertThat(error.getString("rule")).isEqualTo("velocity: burst of charges on the account");
            assertThat(cartonPurchase().getString("rulesVersion")).isEqualTo(before);
            assertThat(riskgate.client().get("/admin/rules").json().getJsonObject("active").getString("version")).isEqualTo(before);

            RiskgateClient.Answer forced = riskgate.client().post("/admin/rules/reload", "", "application/json");
            assertThat(forced.status()).isEqualTo(422);
            assertThat(forced.json().getJsonObject("active").getString("result")).isEqualTo("rejected");
        } finally {
            Files.writeString(velocity, original);
        }
    }

    @Test
    void forcedReloadAnswersWithTheOutcome() throws Exception {
        RiskgateClient.Answer same = riskgate.client().post("/admin/rules/reload", "", "application/json");
        assertThat(same.status()).isEqualTo(200);
        assertThat(same.json().getJsonObject("active").getString("result")).isEqualTo("unchanged");

        // 79, not 81: a top-up burst scenario scores exactly 80 and must stay BLOCK, so 81 is refused (see below)
        Files.writeString(params(), originalParams.replace("decision.block_at = 80", "decision.block_at = 79"));
        RiskgateClient.Answer loaded = riskgate.client().post("/admin/rules/reload", "", "application/json");
        assertThat(loaded.status()).isEqualTo(200);
        JsonObject outcome = loaded.json().getJsonObject("active");
        assertThat(outcome.getString("result")).isIn("loaded", "unchanged"); // the poller may have won the race
        assertThat(riskgate.client().get("/admin/rules").json().getJsonObject("active").getString("version"))
                .isNotEqualTo(dev.riskgate.rules.RulePackLoader.versionOf(dev.riskgate.TestPaths.rules()));
    }

    @Test
    void parameterEditThatFailsAScenarioIsRefusedWithTheScenarioName() throws Exception {
        String before = riskgate.service().rulesVersion();
        Files.writeString(params(), originalParams.replace("decision.block_at = 80", "decision.block_at = 81"));

        RiskgateClient.Answer refused = riskgate.client().post("/admin/rules/reload", "", "application/json");

        assertThat(refused.status()).isEqualTo(422);
        JsonObject outcome = refused.json().getJsonObject("active");
        assertThat(outcome.getString("result")).isEqualTo("rejected");
        assertThat(outcome.getJsonArray("errors").stream().map(JsonObject.class::cast)).anySatisfy(error -> {
            // the ceiling (40) and a second ¥100,000 top-up minutes later (40) block at exactly 80
            assertThat(error.getString("file")).isEqualTo("test-cases/takeover-top-up-burst.yaml");
            assertThat(error.getString("rule")).startsWith("A burst of top-ups");
            assertThat(error.getString("message")).contains("expected BLOCK, got STEP_UP", "score 80");
        });
        assertThat(cartonPurchase().getString("rulesVersion")).isEqualTo(before);
        JsonObject status = riskgate.client().get("/admin/rules").json().getJsonObject("active");
        assertThat(status.getJsonObject("lastReload").getString("result")).isEqualTo("rejected");
        assertThat(status.getJsonObject("lastRejection").getBoolean("latest")).isTrue();

        Files.writeString(params(), originalParams.replace("decision.block_at = 80", "decision.block_at = 79"));
        assertThat(riskgate.client().post("/admin/rules/reload", "", "application/json").status()).isEqualTo(200);
        JsonObject after = riskgate.client().get("/admin/rules").json().getJsonObject("active");
        assertThat(after.getJsonObject("lastReload").getString("result")).isEqualTo("loaded");
        assertThat(after.getJsonObject("lastRejection").getBoolean("latest")).as("a later good load").isFalse();
    }

    @Test
    void droppedInRuleThatRunsCodeIsRefusedAndTheOldPackKeepsServing() throws Exception {
        String before = riskgate.service().rulesVersion();
        Path marker = riskgate.dataDir().resolve("ran");
        Path dropped = riskgate.rulesDir().resolve("zz-dropped.drl");
        try {
            Files.writeString(dropped, """
                    package riskgate.rules;
                    import dev.riskgate.rules.facts.WalletEvent;
                    global dev.riskgate.rules.Scorecard score;
                    rule "dropped: runs a program"
                    when
                        WalletEvent()
                    then
                        Runtime.getRuntime().exec(new String[] {"touch", "%s"});
                        score.add(-100, "pulls a BLOCK down");
                    end
                    """.formatted(marker));

            RiskgateClient.Answer refused = riskgate.client().post("/admin/rules/reload", "", "application/json");

            assertThat(refused.status()).isEqualTo(422);
            JsonObject error = refused.json().getJsonObject("active").getJsonArray("errors").getJsonObject(0);
            assertThat(error.getString("file")).isEqualTo("zz-dropped.drl");
            assertThat(error.getInteger("line")).isEqualTo(8);
            assertThat(error.getString("rule")).isEqualTo("dropped: runs a program");
            assertThat(cartonPurchase().getString("rulesVersion")).isEqualTo(before);
            assertThat(points(cartonPurchase(), CARTONS_RULE)).isEqualTo(40);
            assertThat(marker).doesNotExist();
        } finally {
            Files.deleteIfExists(dropped);
        }
    }

    @Test
    void editToAGroupWritableRuleFileIsRefused() throws Exception {
        String before = riskgate.service().rulesVersion();
        Path velocity = riskgate.rulesDir().resolve("velocity.drl");
        Set<PosixFilePermission> mode = Files.getPosixFilePermissions(velocity);
        java.nio.file.attribute.PosixFileAttributeView view = Files.getFileAttributeView(velocity,
                java.nio.file.attribute.PosixFileAttributeView.class);
        java.nio.file.attribute.GroupPrincipal group = view.readAttributes().group();
        String original = Files.readString(velocity);
        try {
            // a shared group (the tests run as root, which may give a file any group)
            view.setGroup(velocity.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByGroupName("daemon"));
            Files.setPosixFilePermissions(velocity, PosixFilePermissions.fromString("rw-rw-r--"));
            Files.writeString(velocity, original + "\n// edited by anyone in the group\n");

            RiskgateClient.Answer refused = riskgate.client().post("/admin/rules/reload", "", "application/json");

            assertThat(refused.status()).isEqualTo(422);
            JsonObject error = refused.json().getJsonObject("active").getJsonArray("errors").getJsonObject(0);
            assertThat(error.getString("file")).isEqualTo("velocity.drl");
            assertThat(error.getString("message")).contains("writable by its group");
            assertThat(cartonPurchase().getString("rulesVersion")).isEqualTo(before);
        } finally {
            Files.writeString(velocity, original);
            Files.setPosixFilePermissions(velocity, mode);
            view.setGroup(group);
        }
    }

    @Test
    void noRequestFailsDuringTwentyReloads() throws Exception {
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger sent = new AtomicInteger();
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        List<Thread> load = java.util.stream.IntStream.range(0, 3).mapToObj(i -> new Thread(() -> {
            Instant deadline = Instant.now().plusSeconds(90);
            while (running.get() && Instant.now().isBefore(deadline) && sent.get() < 20_000) {
                RiskgateClient.Answer a = riskgate.client().score(purchase(unique("acct"), unique("dev"), item("tobacco", 6, 5000)));
                sent.incrementAndGet();
                if (a.status() != 200) {
                    failures.add(a.status() + " " + a.body());
                }
            }
        })).toList();
        load.forEach(Thread::start);
        int loaded = 0;
        for (int i = 0; i < 20; i++) {
            int points = 40 + (i % 2 == 0 ? 1 : 0);
            Files.writeString(params(), originalParams.replace("tobacco.per_purchase.points = 40", "tobacco.per_purchase.points = " + points));
            RiskgateClient.Answer reload = riskgate.client().post("/admin/rules/reload", "", "application/json");
            assertThat(reload.status()).isEqualTo(200);
            loaded += "loaded".equals(reload.json().getJsonObject("active").getString("result")) ? 1 : 0;
        }
        running.set(false);
        for (Thread t : load) {
            t.join();
        }
        assertThat(failures).isEmpty();
        assertThat(sent.get()).isGreaterThan(40);
        assertThat(loaded).as("reloads that swapped a new pack in (the poller may take a few)").isGreaterThanOrEqualTo(10);
    }

    private static Path params() {
        return riskgate.rulesDir().resolve("parameters.properties");
    }

    /** Six cartons from a device an account with history never used: the cartons rule speaks. */
    private static JsonObject cartonPurchase() {
        String account = unique("acct");
        assertThat(riskgate.client().score(ownersEarlierPurchase(account)).status()).isEqualTo(200);
        RiskgateClient.Answer a = riskgate.client().score(purchase(account, unique("dev"), item("tobacco", 6, 5000)));
        assertThat(a.status()).isEqualTo(200);
        return a.json();
    }

    private static int pointsOf(JsonObject answer, String rule) {
        return points(answer, rule);
    }

    private static int points(JsonObject answer, String rule) {
        return answer.getJsonArray("reasons").stream().map(JsonObject.class::cast)
                .filter(r -> rule.equals(r.getString("rule"))).mapToInt(r -> r.getInteger("points")).findFirst().orElse(-1);
    }

    private static JsonObject waitFor(Duration limit, Supplier<JsonObject> probe, java.util.function.Predicate<JsonObject> done)
            throws InterruptedException {
        Instant deadline = Instant.now().plus(limit);
        JsonObject last = probe.get();
        while (!done.test(last)) {
            assertThat(Instant.now()).as("waited %s for the change; last seen %s", limit, last).isBefore(deadline);
            Thread.sleep(100);
            last = probe.get();
        }
        return last;
    }
}
