package dev.riskgate.state.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.riskgate.event.EventAge;
import dev.riskgate.http.RiskgateClient;
import dev.riskgate.http.RiskgateClient.Answer;
import dev.riskgate.http.RunningRiskgate;
import dev.riskgate.simulate.EventStreamWriter;
import dev.riskgate.simulate.SimulationSettings;
import dev.riskgate.simulate.WalletSimulator;
import io.vertx.core.json.JsonObject;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 9, item 3: three real riskgate services on one real redis-server answer as one. A simulated month
 * of wallet traffic (customers and crews, so the rules fire) is sent twice: once all to instance A, once
 * round-robin over A, B and C, with the retries, changed-body retries, step-up results, chargebacks and
 * lookups of each event landing on other instances than the one that scored it. Every answer of the
 * second pass must equal the first's, step for step, once the run's id prefix is taken out.
 *
 * <p>Both passes share the one Redis: every id of a pass (event, account, device, store) carries the
 * pass's own prefix, of the same length, so they share no history and no idempotency record.
 *
 * <p>The stream is sent one call at a time, in event-time order. That is what the gateway gives per
 * account (a payment waits for its answer before the next of that account); it matters because the
 * Scorer's per-account and per-device turn-taking is inside one process only. Across instances only the
 * store's own atomicity holds (see {@link RedisStateStore}); what two instances deciding one account at
 * the very same moment would see is not compared here.
 */
class ThreeInstancesAnswerAsOneTest {

    /** Same length, so that nothing that measures an id can tell the passes apart. */
    private static final String ONE = "pass-1-";
    private static final String ALL = "pass-3-";

    @RegisterExtension
    @Order(1)
    static final RedisServerExtension redis = new RedisServerExtension();

    /**
     * The simulated month is dated in the past and sent through the API, which live takes only recent
     * events (RISKGATE_MAX_EVENT_AGE): these instances take ten years, as a replay harness must.
     */
    private static final EventAge HISTORY = new EventAge(Duration.ofDays(3650));

    @RegisterExtension
    @Order(2)
    static final RunningRiskgate a = RunningRiskgate.with(s -> s.withRedisUrl(redis.server.url()).withMaxEventAge(HISTORY));

    @RegisterExtension
    @Order(3)
    static final RunningRiskgate b = RunningRiskgate.with(s -> s.withRedisUrl(redis.server.url()).withMaxEventAge(HISTORY));

    @RegisterExtension
    @Order(4)
    static final RunningRiskgate c = RunningRiskgate.with(s -> s.withRedisUrl(redis.server.url()).withMaxEventAge(HISTORY));

    @Test
    void aStreamSpreadOverThreeInstancesGetsTheAnswersOneInstanceGives() {
        Stream stream = Stream.simulate(new SimulationSettings(120, 21, 9));
        RiskgateClient[] one = {a.client()};
        RiskgateClient[] all = {a.client(), b.client(), c.client()};

        List<String> alone = send(stream, ONE, one);
        List<String> spread = send(stream, ALL, all);

        for (int i = 0; i < Math.min(alone.size(), spread.size()); i++) {
            assertThat(spread.get(i)).as("step %d: round-robin over three instances against one instance", i)
                    .isEqualTo(alone.get(i));
        }
        assertThat(spread).hasSameSizeAs(alone);
        // The comparison means something only if the stream exercised what may differ.
        assertThat(count(alone, "score 200", "")).as("every event scored").isEqualTo(stream.events().size());
        for (String retry : spread.stream().filter(l -> l.contains(" retry ")).toList()) {
            assertThat(retry.replace(" retry ", " score ")).as("a retry on another instance gets the first answer")
                    .isIn(spread);
        }
        assertThat(count(alone, "score 200", "\"decision\":\"BLOCK\"")).as("blocks").isGreaterThanOrEqualTo(25);
        // The floors say the stream exercises every answer, not how well the pack does: the two-axis pack steps up
        // fewer customers (8 here, and so fewer repeated step-up results), so a handful is the floor.
        assertThat(count(alone, "score 200", "\"decision\":\"STEP_UP\"")).as("step-ups").isGreaterThanOrEqualTo(5);
        assertThat(count(alone, "retry 200", "")).as("retries answered").isGreaterThanOrEqualTo(200);
        assertThat(count(alone, "changed 409", "")).as("changed bodies refused").isGreaterThanOrEqualTo(100);
        assertThat(count(alone, "feedback 200", "\"changed\":true")).as("feedback that changed history")
                .isGreaterThanOrEqualTo(100);
        assertThat(count(alone, "feedback 200", "\"changed\":false")).as("repeated feedback").isGreaterThanOrEqualTo(2);
        assertThat(count(alone, "feedback 409", "")).as("step-up results for events not stepped up")
                .isGreaterThanOrEqualTo(10);
        assertThat(count(alone, "lookup 200", "")).as("lookups").isGreaterThanOrEqualTo(200);
        assertThat(count(alone, "score 200", "\"rule\":\"")).as("answers with fired rules").isGreaterThanOrEqualTo(150);
    }

    /**
     * Sends the stream with every id under {@code prefix}, the calls of event i going round {@code instances}
     * (the score to i, everything else about the event to others), and returns each answer as a line
     * "event-number call status body" with the prefix taken out of the body.
     */
    private static List<String> send(Stream stream, String prefix, RiskgateClient[] instances) {
        List<String> transcript = new ArrayList<>();
        for (int i = 0; i < stream.events().size(); i++) {
            JsonObject body = withPrefix(stream.events().get(i), prefix);
            String id = body.getString("eventId");
            boolean fraud = stream.fraud(stream.events().get(i).getString("eventId"));
            RiskgateClient scorer = instances[i % instances.length];
            RiskgateClient next = instances[(i + 1) % instances.length];
            RiskgateClient after = instances[(i + 2) % instances.length];

            Answer scored = scorer.score(body);
            record(transcript, i, "score", scored, prefix);
            String decision = scored.status() == 200 ? scored.json().getString("decision") : "";
            if (i % 4 == 0) {
                record(transcript, i, "retry", next.score(body), prefix);
            }
            if (i % 9 == 0) {
                JsonObject changed = body.copy().put("amount", body.getNumber("amount").longValue() + 1);
                record(transcript, i, "changed", after.score(changed), prefix);
            }
            if (decision.equals("STEP_UP")) {
                // A crew does not hold the victim's second factor; the customer does.
                String result = fraud ? "STEP_UP_FAILED" : "STEP_UP_PASSED";
                record(transcript, i, "feedback", next.feedback(id, result), prefix);
                if (i % 2 == 0) {
                    record(transcript, i, "feedback", after.feedback(id, result), prefix);
                }
            } else if (decision.equals("ALLOW") && fraud) {
                // The victim's chargeback: the device loses its trust, the amount leaves the profile.
                record(transcript, i, "feedback", after.feedback(id, "FRAUD"), prefix);
                if (i % 2 == 0) {
                    record(transcript, i, "feedback", next.feedback(id, "FRAUD"), prefix);
                }
            } else if (i % 11 == 0) {
                record(transcript, i, "feedback", next.feedback(id, "STEP_UP_PASSED"), prefix);
            } else if (i % 13 == 0) {
                record(transcript, i, "feedback", next.feedback(id, "LEGIT"), prefix);
            }
            if (i % 5 == 0) {
                record(transcript, i, "lookup", after.decision(id), prefix);
            }
        }
        return transcript;
    }

    private static void record(List<String> transcript, int step, String call, Answer answer, String prefix) {
        transcript.add(step + " " + call + " " + answer.status() + " " + answer.body().replace(prefix, ""));
    }

    private static JsonObject withPrefix(JsonObject event, String prefix) {
        JsonObject copy = event.copy();
        for (String field : List.of("eventId", "accountId", "deviceId", "storeId")) {
            if (copy.getString(field) != null) {
                copy.put(field, prefix + copy.getString(field));
            }
        }
        return copy;
    }

    private static long count(List<String> transcript, String call, String containing) {
        return transcript.stream().filter(l -> l.substring(l.indexOf(' ') + 1).startsWith(call) && l.contains(containing))
                .count();
    }

    /** A simulated stream: its events in wire form, in event-time order, and which were a crew's. */
    private record Stream(List<JsonObject> events, Map<String, Boolean> fraudById) {

        static Stream simulate(SimulationSettings settings) {
            StringWriter events = new StringWriter();
            StringWriter labels = new StringWriter();
            new WalletSimulator(settings).run(new EventStreamWriter(events, labels, settings.seed()));
            List<JsonObject> parsed = new ArrayList<>();
            for (String line : events.toString().split("\n")) {
                parsed.add(new JsonObject(line).getJsonObject("event"));
            }
            Map<String, Boolean> fraud = new HashMap<>();
            String[] lines = labels.toString().split("\n");
            for (int i = 1; i < lines.length; i++) {
                String[] fields = lines[i].split(",", -1);
                fraud.put(fields[0], fields[1].equals("fraud"));
            }
            return new Stream(parsed, fraud);
        }

        boolean fraud(String eventId) {
            return fraudById.get(eventId);
        }
    }
}
