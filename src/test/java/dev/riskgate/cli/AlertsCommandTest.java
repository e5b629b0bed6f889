package dev.riskgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.riskgate.decision.AlertIds;
import dev.riskgate.decision.Decision;
import dev.riskgate.decision.Verdict;
import dev.riskgate.state.Commit;
import dev.riskgate.state.DecisionRecord;
import dev.riskgate.state.HistoryEvent;
import dev.riskgate.state.OutboxEntry;
import dev.riskgate.state.StateKeys;
import dev.riskgate.state.Status;
import dev.riskgate.state.embedded.JournalStateStore;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code riskgate alerts} lists deliveries from the delivery log and queues dead letters again in the outbox. */
class AlertsCommandTest {

    @TempDir
    Path data;

    @Test
    void listsTheDeadLettersAndRedeliversThem() throws Exception {
        String dead = AlertIds.of("evt-dead", "block");
        String sent = AlertIds.of("evt-sent", "step-up");
        OutboxEntry entry = new OutboxEntry(dead, "evt-dead", "{\"kind\":\"block\"}");
        try (JournalStateStore store = JournalStateStore.open(data, Clock.systemUTC())) {
            store.apply(decision("evt-dead").withAlerts(List.of(entry)));
            store.outbox().claim(dead, "evt-dead", Duration.ofMinutes(1));
            store.outbox().done(entry, false);
        }
        Files.createDirectories(data.resolve("alerts"));
        Files.writeString(data.resolve("alerts/deliveries.jsonl"), String.join("\n",
                line("2026-12-07T01:00:00Z", sent, "delivered", 200),
                line("2026-12-07T01:00:00Z", dead, "failed", 503),
                line("2026-12-10T01:00:00Z", dead, "dead", 0)) + "\n");

        Cli all = Cli.run("alerts", "--data", data.toString());
        assertThat(all.exit()).isZero();
        assertThat(all.out()).contains(sent, "delivered", dead, "(evt-dead, block)");
        Cli listed = Cli.run("alerts", "--data", data.toString(), "--dead", "--redeliver-listed");
        assertThat(listed.exit()).as(listed.err()).isZero();
        assertThat(listed.out()).contains("queued again: " + dead).doesNotContain(sent);
        assertThat(Cli.run("alerts", "--data", data.toString(), "--redeliver", AlertIds.of("evt-gone", "block")).exit())
                .as("an alert the store never held").isEqualTo(1);

        try (JournalStateStore store = JournalStateStore.open(data, Clock.systemUTC())) {
            assertThat(store.outbox().claimDue(10, Duration.ofMinutes(1))).containsExactly(entry);
        }
    }

    private static String line(String at, String alertId, String outcome, int status) {
        return new JsonObject().put("at", at).put("alertId", alertId).put("endpoint", "default").put("attempt", 1)
                .put("status", status).put("outcome", outcome).encode();
    }

    private static Commit decision(String eventId) {
        StateKeys keys = new StateKeys(eventId, "acct", "dev", null);
        DecisionRecord record = new DecisionRecord(new Decision(eventId, Verdict.BLOCK, 90, List.of(), "v"), "h", "acct",
                "dev", null, Instant.now(), List.of());
        return Commit.append(keys, record, new HistoryEvent(eventId, dev.riskgate.event.EventType.CHARGE, Instant.now(), 1000,
                "acct", "dev", null, Status.BLOCKED, false, List.of()), false);
    }
}
