package dev.riskgate.replay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.riskgate.ShippedPack;
import dev.riskgate.decision.FeedbackOutcome;
import dev.riskgate.decision.Verdict;
import dev.riskgate.event.EventType;
import dev.riskgate.event.LineItem;
import dev.riskgate.event.ScoreRequest;
import dev.riskgate.event.ScoreRequestJson;
import dev.riskgate.rules.RulePack;
import dev.riskgate.scoring.Scorer;
import dev.riskgate.state.HistoryEvent;
import dev.riskgate.state.Snapshot;
import dev.riskgate.state.StateKeys;
import dev.riskgate.state.StateStore;
import dev.riskgate.state.Status;
import dev.riskgate.state.embedded.JournalStateStore;
import dev.riskgate.state.memory.MemoryStateStore;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HistoryImportTest {

    private static final OffsetDateTime T0 = OffsetDateTime.parse("2019-06-03T09:00:00+09:00");
    private static final RulePack pack = ShippedPack.get();

    @TempDir
    Path dir;

    /** A customer's ordinary week: a top-up, lunches, a pack of cigarettes at the corner shop. */
    private static List<ScoreRequest> ordinaryWeek() {
        List<ScoreRequest> week = new ArrayList<>();
        week.add(new ScoreRequest("c1", EventType.CHARGE, "acct-1", "phone-1", T0, BigDecimal.valueOf(5000), "JPY",
                null, List.of(), "card", null));
        for (int day = 0; day < 5; day++) {
            week.add(new ScoreRequest("p" + day, EventType.PURCHASE, "acct-1", "phone-1", T0.plusDays(day).plusHours(3),
                    BigDecimal.valueOf(560), "JPY", "store-corner",
                    List.of(new LineItem("4909411200008", "tobacco", 1, BigDecimal.valueOf(560))), null, null));
        }
        return week;
    }

    private static Snapshot snapshot(StateStore store, String account, String device, String storeId) {
        return store.snapshot(new StateKeys("probe", account, device, storeId));
    }

    @Test
    void anImportedEventIsRememberedExactlyAsAnAllowedLiveOne() {
        try (MemoryStateStore scored = new MemoryStateStore(); MemoryStateStore imported = new MemoryStateStore()) {
            Scorer scorer = new Scorer(scored, () -> pack, Clock.systemUTC());
            List<ReplayEvent> events = new ArrayList<>();
            for (ScoreRequest r : ordinaryWeek()) {
                assertThat(scorer.score(r).decision().decision()).as(r.eventId()).isEqualTo(Verdict.ALLOW);
                events.add(new ReplayEvent(r, List.of()));
            }

            HistoryImport.Counts counts = HistoryImport.run(imported, pack, events, null);

            assertThat(counts).isEqualTo(new HistoryImport.Counts(6, 0, 0));
            Snapshot live = snapshot(scored, "acct-1", "phone-1", "store-corner");
            Snapshot warm = snapshot(imported, "acct-1", "phone-1", "store-corner");
            assertThat(warm.account()).isEqualTo(live.account());
            assertThat(warm.device()).isEqualTo(live.device());
            assertThat(warm.store()).isEqualTo(live.store());
            assertThat(warm.account().device("phone-1").orElseThrow().trusted()).isTrue();
            assertThat(warm.account().amounts()).hasSize(6);
            // No answer is stored for an imported event: riskgate never gave one.
            assertThat(imported.decision("p0")).isEmpty();
        }
    }

    @Test
    void importingTheSameFileTwiceChangesNothing() throws Exception {
        Path file = dir.resolve("history.jsonl");
        List<String> lines = new ArrayList<>();
        for (ScoreRequest r : ordinaryWeek()) {
            lines.add(new JsonObject().put("kind", "score").put("event", wire(r)).encode());
        }
        Files.write(file, lines);
        try (JournalStateStore store = JournalStateStore.open(dir.resolve("data"), Clock.systemUTC())) {
            List<ReplayEvent> events = EventFile.read(file).events();
            assertThat(HistoryImport.run(store, pack, events, null)).isEqualTo(new HistoryImport.Counts(6, 0, 0));
            Snapshot once = snapshot(store, "acct-1", "phone-1", "store-corner");

            assertThat(HistoryImport.run(store, pack, events, null)).isEqualTo(new HistoryImport.Counts(0, 6, 0));

            assertThat(snapshot(store, "acct-1", "phone-1", "store-corner")).isEqualTo(once);
        }
    }

    @Test
    void anEventAlreadyDecidedLiveIsLeftAsItWasDecided() {
        try (JournalStateStore store = JournalStateStore.open(dir.resolve("data"), Clock.systemUTC())) {
            // The owner's phone two days earlier, so dev-x is new to the account and the cartons count.
            Scorer scorer = new Scorer(store, () -> pack, Clock.systemUTC());
            scorer.score(new ScoreRequest("owner-1", EventType.PURCHASE, "acct-2", "owner-phone", T0.minusDays(2),
                    BigDecimal.valueOf(500), "JPY", "store-corner", List.of(), null, null));
            ScoreRequest bulk = new ScoreRequest("live-1", EventType.PURCHASE, "acct-2", "dev-x", T0,
                    BigDecimal.valueOf(90_000), "JPY", "store-far",
                    List.of(new LineItem("4902102112963", "tobacco", 18, BigDecimal.valueOf(5000))), null, null);
            Verdict live = scorer.score(bulk).decision().decision();
            assertThat(live).isEqualTo(Verdict.BLOCK);

            HistoryImport.Counts counts = HistoryImport.run(store, pack, List.of(new ReplayEvent(bulk, List.of())), null);

            assertThat(counts).isEqualTo(new HistoryImport.Counts(0, 1, 0));
            List<HistoryEvent> events = snapshot(store, "acct-2", "dev-x", "store-far").account().events().stream()
                    .filter(e -> e.eventId().equals("live-1")).toList();
            assertThat(events).hasSize(1);
            assertThat(events.get(0).status()).isEqualTo(Status.BLOCKED);
        }
    }

    @Test
    void onlyEventsWhoseMoneyMovedAreImportedFromADecisionLog() throws Exception {
        List<ScoreRequest> week = ordinaryWeek();
        Path log = dir.resolve("decisions.jsonl");
        Files.write(log, List.of(
                logLine(week.get(0), "ALLOW"),
                logLine(week.get(1), "BLOCK"),
                logLine(week.get(2), "STEP_UP"),
                logLine(week.get(3), "STEP_UP"),
                feedback(week.get(3).eventId(), FeedbackOutcome.STEP_UP_PASSED),
                logLine(week.get(4), "ALLOW"),
                feedback(week.get(4).eventId(), FeedbackOutcome.FRAUD),
                new JsonObject().put("kind", "score").put("event", wire(week.get(5))).encode()));
        try (MemoryStateStore store = new MemoryStateStore()) {
            HistoryImport.Counts counts = HistoryImport.run(store, pack, EventFile.read(log).events(), null);

            assertThat(counts).isEqualTo(new HistoryImport.Counts(3, 0, 3));
            assertThat(snapshot(store, "acct-1", "phone-1", null).account().events().stream().map(HistoryEvent::eventId))
                    .containsExactly("c1", "p2", "p4");
        }
    }

    @Test
    void aDegradedAnswerMadeNoHistoryButItsRetryDecidedForRealDid() throws Exception {
        List<ScoreRequest> week = ordinaryWeek();
        Path log = dir.resolve("degraded.jsonl");
        Files.write(log, List.of(
                degraded(week.get(0), "ALLOW"),
                degraded(week.get(1), "STEP_UP"),
                logLine(week.get(1), "ALLOW")));

        List<ReplayEvent> events = EventFile.read(log).events();

        assertThat(events).extracting(e -> e.request().eventId())
                .as("the retry is the same event, read once").containsExactly(week.get(0).eventId(), week.get(1).eventId());
        assertThat(events).extracting(ReplayEvent::recordedAnswer).containsExactly(null, Verdict.ALLOW);
        assertThat(events).extracting(ReplayEvent::degraded).containsExactly(true, false);
        try (MemoryStateStore store = new MemoryStateStore()) {
            HistoryImport.run(store, pack, events, null);
            assertThat(snapshot(store, "acct-1", "phone-1", null).account().events().stream().map(HistoryEvent::eventId))
                    .containsExactly(week.get(1).eventId());
        }
    }

    private static String degraded(ScoreRequest r, String failDecision) {
        return new JsonObject().put("kind", "score").put("event", wire(r))
                .put("answer", new JsonObject().put("eventId", r.eventId()).put("decision", failDecision)
                        .put("degraded", true).put("degradedReason", "deadline")).encode();
    }

    private static String logLine(ScoreRequest r, String decision) {
        return new JsonObject().put("kind", "score").put("event", wire(r))
                .put("answer", new JsonObject().put("eventId", r.eventId()).put("decision", decision)).encode();
    }

    private static String feedback(String eventId, FeedbackOutcome outcome) {
        return new JsonObject().put("kind", "feedback").put("eventId", eventId).put("outcome", outcome.name()).encode();
    }

    private static JsonObject wire(ScoreRequest r) {
        return ScoreRequestJson.encode(r);
    }
}
