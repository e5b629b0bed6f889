package dev.riskgate.observability;

import static dev.riskgate.http.ScoreBodies.charge;
import static dev.riskgate.http.ScoreBodies.item;
import static dev.riskgate.http.ScoreBodies.ownersEarlierPurchase;
import static dev.riskgate.http.ScoreBodies.purchase;
import static dev.riskgate.http.ScoreBodies.unique;

import dev.riskgate.http.RiskgateClient;
import dev.riskgate.http.RiskgateClient.Answer;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Gateway-like traffic on a loop until closed, so rates stay above zero while Prometheus is queried.
 * Each round brings every decision (with the shipped pack), every feedback outcome, a retry, lookups and
 * bad input. Each event uses fresh accounts, devices and stores, so rounds never change each other's
 * decisions. An answer other than the one a step expects is a problem the test reports.
 */
final class Traffic implements AutoCloseable {

    private final RiskgateClient client;
    private final Thread thread;
    private final Map<String, AtomicInteger> decisions = new ConcurrentHashMap<>();
    private final List<String> problems = new CopyOnWriteArrayList<>();
    private volatile boolean running = true;

    Traffic(int port) {
        this.client = new RiskgateClient(port);
        this.thread = new Thread(this::loop, "riskgate-test-traffic");
        thread.setDaemon(true);
        thread.start();
    }

    /** How many answers of each decision the traffic has seen. */
    Map<String, AtomicInteger> decisions() {
        return decisions;
    }

    /** Answers that were not what the step expected; empty when all went as planned. */
    List<String> problems() {
        return problems;
    }

    private void loop() {
        while (running) {
            try {
                round();
                Thread.sleep(50);
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                if (running) {
                    problems.add(e.toString());
                }
            }
        }
    }

    /** A fresh account with the owner's purchase two days ago. */
    private String withHistory() {
        String account = unique("acct");
        score(ownersEarlierPurchase(account), "ALLOW");
        return account;
    }

    private void round() {
        JsonObject topUp = charge(unique("acct"), unique("dev"), 1000);
        String allowedCharge = score(topUp, "ALLOW");
        score(topUp, "ALLOW"); // a retry: answered from the stored decision
        // On an account with history, a ¥10,000 top-up from a device it never used is 45 points (STEP_UP);
        // twenty-five cartons from one block.
        String allowedPurchase = score(purchase(unique("acct"), unique("dev"), item("snacks", 2, 400)), "ALLOW");
        String passed = score(charge(withHistory(), unique("dev"), 10_000), "STEP_UP");
        String failed = score(charge(withHistory(), unique("dev"), 10_000), "STEP_UP");
        score(purchase(withHistory(), unique("dev"), item("tobacco", 25, 5000)), "BLOCK");

        expect("feedback", client.feedback(passed, "STEP_UP_PASSED"), 200);
        expect("feedback", client.feedback(failed, "STEP_UP_FAILED"), 200);
        expect("feedback", client.feedback(allowedPurchase, "FRAUD"), 200);
        expect("feedback", client.feedback(allowedCharge, "LEGIT"), 200);
        expect("lookup", client.decision(passed), 200);
        expect("health", client.get("/health"), 200);

        expect("malformed json", client.post("/v1/score", "{", "application/json"), 400);
        expect("negative amount", client.score(charge(unique("acct"), unique("dev"), 1000).put("amount", -5)), 400);
        expect("wrong content type", client.post("/v1/score", "{}", "text/plain"), 415);
        expect("unknown endpoint", client.get("/v1/nothing-here"), 404);
    }

    /** Scores {@code body} and returns its eventId. */
    private String score(JsonObject body, String expected) {
        Answer answer = client.score(body);
        if (expect("score", answer, 200)) {
            String decision = answer.json().getString("decision");
            decisions.computeIfAbsent(decision, d -> new AtomicInteger()).incrementAndGet();
            if (!decision.equals(expected)) {
                problems.add("expected " + expected + " for " + body.encode() + ", got " + answer.body());
            }
        }
        return body.getString("eventId");
    }

    private boolean expect(String what, Answer answer, int status) {
        if (answer.status() != status && running) {
            problems.add(what + ": expected " + status + ", got " + answer.status() + " " + answer.body());
        }
        return answer.status() == status;
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.interrupt();
        thread.join(10_000);
    }
}
