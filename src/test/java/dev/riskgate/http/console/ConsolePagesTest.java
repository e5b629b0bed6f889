package dev.riskgate.http.console;

import static dev.riskgate.http.ScoreBodies.charge;
import static dev.riskgate.http.ScoreBodies.item;
import static dev.riskgate.http.ScoreBodies.purchase;
import static dev.riskgate.http.ScoreBodies.unique;
import static org.assertj.core.api.Assertions.assertThat;

import dev.riskgate.http.RiskgateClient;
import dev.riskgate.http.RiskgateClient.Answer;
import dev.riskgate.http.RunningRiskgate;
import dev.riskgate.http.TestKeys;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The console's pages, rendered by a real running riskgate and read with jsoup. */
class ConsolePagesTest {

    @RegisterExtension
    static final RunningRiskgate riskgate = server();

    /** The server both console test classes start (each its own). */
    static RunningRiskgate server() {
        return RunningRiskgate.withAccess(TestKeys.withAnalyst(), RunningRiskgate.OWNERS_HISTORY);
    }

    @Test
    void entryNeedsAKeyThatOpensTheConsole() {
        Answer none = RiskgateClient.withAuthorization(port(), null).get("/console");
        Answer gateway = RiskgateClient.withAuthorization(port(), "Bearer " + TestKeys.API).get("/console");
        Answer admin = RiskgateClient.withAuthorization(port(), "Bearer " + TestKeys.ADMIN).get("/console");
        Answer analyst = RiskgateClient.withAuthorization(port(), "Bearer " + TestKeys.ANALYST).get("/console");

        assertThat(none.status()).isEqualTo(401);
        assertThat(none.body()).contains("<form method=\"post\" action=\"/console/login\"");
        assertThat(gateway.status()).isEqualTo(403);
        assertThat(admin.status()).isEqualTo(200);
        assertThat(analyst.status()).isEqualTo(200);
    }

    @Test
    void loginGivesAStrictHttpOnlyCookieAndTheGatewayKeyIsRefused() {
        ConsoleSession gateway = new ConsoleSession(port());
        assertThat(gateway.login(TestKeys.API).statusCode()).isEqualTo(403);
        assertThat(gateway.get("/console").statusCode()).isEqualTo(401);

        ConsoleSession analyst = new ConsoleSession(port());
        HttpResponse<String> in = analyst.login(TestKeys.ANALYST);

        assertThat(in.statusCode()).isEqualTo(303);
        String cookie = in.headers().allValues("set-cookie").stream().filter(c -> c.startsWith(ConsoleLogin.COOKIE)).findFirst().orElseThrow();
        assertThat(cookie).containsIgnoringCase("HttpOnly").contains("SameSite=Strict").doesNotContain("Secure"); // no TLS here
        assertThat(analyst.get("/console").statusCode()).isEqualTo(200);
    }

    @Test
    void everyPageHasCspNoInlineScriptLabelledFieldsAndCsrfOnEveryForm() {
        ConsoleSession s = loggedIn();
        String eventId = stepUp();
        awaitIndexed(s, eventId);
        for (String path : List.of("/console", "/console/decisions/" + eventId, "/console/queue", "/console/rules",
                "/console/try", "/console/accounts/x", "/console/devices/x")) {
            HttpResponse<String> r = s.get(path);
            assertThat(r.statusCode()).as(path).isEqualTo(200);
            String csp = r.headers().firstValue("content-security-policy").orElseThrow();
            assertThat(csp).contains("script-src 'self'").doesNotContain("unsafe-inline").doesNotContain("unsafe-eval");
            Document d = s.page(path);
            for (Element script : d.select("script")) {
                assertThat(script.attr("src")).as(path + " inline script").isNotEmpty();
                assertThat(script.data()).isEmpty();
            }
            assertThat(d.select("[style], [onclick], [onload], [onsubmit]")).as(path).isEmpty();
            for (Element form : d.select("form[method=post]")) {
                assertThat(form.select("input[name=csrf]").val()).as(path + " form " + form.attr("action")).isNotBlank();
            }
            for (Element field : d.select("input:not([type=hidden]), select, textarea")) {
                String id = field.id();
                boolean labelled = !id.isEmpty() && !d.select("label[for=" + id + "]").isEmpty();
                assertThat(labelled).as(path + ": field " + field.attr("name") + " has a label").isTrue();
            }
        }
    }

    @Test
    void aFormPostedWithoutItsCsrfTokenIsRefused() {
        ConsoleSession s = loggedIn();

        HttpResponse<String> noToken = s.post("/console/queue/claim", Map.of());
        HttpResponse<String> wrongToken = s.post("/console/queue/claim", Map.of("csrf", "not-the-token"));

        assertThat(noToken.statusCode()).isEqualTo(403);
        assertThat(wrongToken.statusCode()).isEqualTo(403);
    }

    @Test
    void decisionPagesShowWhatTheApiAnswered() {
        ConsoleSession s = loggedIn();
        String eventId = stepUp();
        JsonObject api = riskgate.client().decision(eventId).json();
        awaitIndexed(s, eventId);

        Document list = s.page("/console/decisions?q=" + eventId);
        Element row = list.selectFirst("tr[data-event-id=" + eventId + "]");
        Document one = s.page("/console/decisions/" + eventId);

        assertThat(list.select("tbody tr")).hasSize(1);
        assertThat(row.selectFirst("[data-score]").text()).isEqualTo(String.valueOf(api.getInteger("score")));
        assertThat(row.selectFirst("[data-decision]").attr("data-decision")).isEqualTo(api.getString("decision"));
        assertThat(one.getElementById("score").text()).isEqualTo(String.valueOf(api.getInteger("score")));
        JsonArray reasons = api.getJsonArray("reasons");
        for (int i = 0; i < reasons.size(); i++) {
            JsonObject reason = reasons.getJsonObject(i);
            assertThat(one.getElementById("fired").text()).contains(reason.getString("rule"))
                    .contains(reason.getString("message"));
        }
        assertThat(one.getElementById("event").text()).contains(eventId).doesNotContain("\"ip\"");
        assertThat(one.text()).contains("The account's devices");
    }

    /** The decision page says what the holder was told (issue 17's alerts ride on the same envelope). */
    @Test
    void aDecisionPageShowsTheAlertsItsDecisionRaised() {
        ConsoleSession s = loggedIn();
        String stepped = stepUp();
        String quiet = unique("quiet");
        assertThat(riskgate.client().score(purchase(unique("acct"), unique("dev"), item("food", 1, 300))
                .put("eventId", quiet)).json().getString("decision")).isEqualTo("ALLOW");
        awaitIndexed(s, stepped);
        awaitIndexed(s, quiet);

        Element alerts = s.page("/console/decisions/" + stepped).getElementById("alerts");
        assertThat(alerts.tagName()).isEqualTo("table");
        assertThat(alerts.select("tbody td").eachText()).contains("step-up");
        assertThat(s.page("/console/decisions/" + quiet).getElementById("alerts").text()).startsWith("None");
    }

    @Test
    void twoSessionsNeverGetTheSameCaseAndALabelMovesPrecision() throws Exception {
        stepUp();
        stepUp();
        ConsoleSession a = loggedIn();
        ConsoleSession b = new ConsoleSession(port());
        b.login(TestKeys.ADMIN);
        String last = stepUp();
        awaitIndexed(a, last);

        a.page("/console/queue");
        a.submit("/console/queue/claim", Map.of());
        b.page("/console/queue");
        b.submit("/console/queue/claim", Map.of());
        String caseA = a.page("/console/queue").getElementById("case").text();
        String caseB = b.page("/console/queue").getElementById("case").text();
        assertThat(caseA).isNotEqualTo(caseB);

        // B may not label A's case while A's lease runs.
        assertThat(b.submit("/console/queue/label", Map.of("eventId", caseA, "outcome", "FRAUD", "reason", "MULE")).statusCode())
                .isEqualTo(409);

        String rule = a.page("/console/decisions/" + caseA).selectFirst("#fired tbody td a").text();
        String before = precision(a, rule);
        a.page("/console/queue");
        HttpResponse<String> labelled = a.submit("/console/queue/label",
                Map.of("eventId", caseA, "outcome", "FRAUD", "reason", "ACCOUNT_TAKEOVER", "then", "next"));
        assertThat(labelled.statusCode()).as(labelled.body()).isEqualTo(303);

        assertThat(precision(a, rule)).isNotEqualTo(before);
        Document next = a.page("/console/queue");
        assertThat(next.getElementById("case").text()).isNotEqualTo(caseA).isNotEqualTo(caseB);
        assertThat(a.page("/console/decisions/" + caseA).getElementById("label").text()).contains("FRAUD").contains("ACCOUNT_TAKEOVER");
        String audit = auditLines("feedback");
        assertThat(audit).contains("\"eventId\":\"" + caseA + "\"").contains("\"reason\":\"ACCOUNT_TAKEOVER\"")
                .contains("\"keyId\":\"" + dev.riskgate.http.ApiKeys.id(TestKeys.ANALYST) + "\"");
        assertThat(auditLines("console")).contains("\"action\":\"claim\"").contains("\"action\":\"label\"");
    }

    @Test
    void metricsSayHowFarTheIndexIsBehindAndWhatItCosts() {
        awaitIndexed(loggedIn(), stepUp());

        String metrics = riskgate.client().get("/metrics").body();

        assertThat(metrics).containsPattern("(?m)^riskgate_console_index_lag_seconds [0-9.]+$")
                .containsPattern("(?m)^riskgate_console_index_waiting [0-9.]+$")
                .containsPattern("(?m)^riskgate_console_index_overflowed_total 0.0$")
                .containsPattern("(?m)^riskgate_console_index_gap_fills_total 0.0$")
                .containsPattern("(?m)^riskgate_console_index_refilled_total 0.0$")
                .containsPattern("(?m)^riskgate_console_index_applied_total [1-9][0-9.]*$")
                .containsPattern("(?m)^riskgate_console_index_cpu_seconds_total [0-9.E-]+$");
    }

    @Test
    void tryingAnEventRecordsNothing() {
        ConsoleSession s = loggedIn();
        JsonObject event = charge(unique("acct"), unique("dev"), 1000);
        s.page("/console/try");

        HttpResponse<String> tried = s.submit("/console/try", Map.of("event", event.encode()));

        assertThat(tried.statusCode()).as(tried.body()).isEqualTo(200);
        assertThat(org.jsoup.Jsoup.parse(tried.body()).getElementById("try-result").text()).contains("\"recorded\" : false");
        assertThat(riskgate.client().decision(event.getString("eventId")).status()).isEqualTo(404);
    }

    private static String precision(ConsoleSession s, String rule) {
        Element row = s.page("/console/rules?days=7").selectFirst("tr[data-rule=" + rule + "]");
        assertThat(row).as("rule " + rule + " on the rules page").isNotNull();
        return row.selectFirst("[data-precision]").attr("data-precision");
    }

    private static String auditLines(String prefix) throws Exception {
        Path dir = riskgate.dataDir().resolve("audit");
        StringBuilder all = new StringBuilder();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.getFileName().toString().startsWith(prefix)).toList()) {
                all.append(Files.readString(f));
            }
        }
        return all.toString();
    }

    private static ConsoleSession loggedIn() {
        ConsoleSession s = new ConsoleSession(port());
        assertThat(s.login(TestKeys.ANALYST).statusCode()).isEqualTo(303);
        return s;
    }

    /** Waits until the index (fed off the request path) lists {@code eventId}. */
    static void awaitIndexed(ConsoleSession s, String eventId) {
        Instant until = Instant.now().plus(Duration.ofSeconds(10));
        while (Instant.now().isBefore(until)) {
            if (s.page("/console/decisions?q=" + eventId).selectFirst("tr[data-event-id=" + eventId + "]") != null) {
                return;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        throw new AssertionError(eventId + " was not indexed within 10 s");
    }

    /** A purchase the shipped pack steps up: a new device on an owned account buying six cartons. */
    private static String stepUp() {
        return stepUp(riskgate.client());
    }

    static String stepUp(RiskgateClient client) {
        String account = unique("acct");
        JsonObject earlier = purchase(account, unique("owner-phone"), item("food", 1, 500))
                .put("occurredAt", Instant.now().minus(Duration.ofDays(2)).toString());
        assertThat(client.score(earlier).status()).isEqualTo(200);
        JsonObject decision = client.score(charge(account, unique("dev"), 10_000)).json();
        assertThat(decision.getString("decision")).as("precondition: %s", decision).isEqualTo("STEP_UP");
        return decision.getString("eventId");
    }

    private static int port() {
        return riskgate.service().port();
    }
}
