package dev.riskgate.state.formats;

import dev.riskgate.decision.Decision;
import dev.riskgate.decision.FeedbackOutcome;
import dev.riskgate.decision.Reason;
import dev.riskgate.decision.Verdict;
import dev.riskgate.event.EventType;
import dev.riskgate.state.AnswerWindows;
import dev.riskgate.state.Commit;
import dev.riskgate.state.DecisionRecord;
import dev.riskgate.state.HistoryEvent;
import dev.riskgate.state.HistoryOp;
import dev.riskgate.state.OutboxEntry;
import dev.riskgate.state.OwnerFreeze;
import dev.riskgate.state.Resale;
import dev.riskgate.state.StateKeys;
import dev.riskgate.state.Status;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The commits behind the fixtures in {@code src/test/resources/formats/}, which riskgate at 2e2a270 (journal
 * segment version 3, checkpoint version 4, Redis value format 1) wrote from exactly these. Tests apply the same
 * commits to a store of this version and compare: what a released version wrote must read back the same.
 * Changing anything here breaks that link; add a new fixture instead.
 */
public final class ReleasedFormats {

    public static final Instant START = Instant.parse("2026-12-01T10:00:00.250Z");
    /** When the second part is written: past the default idempotency window, so a compact record is committed. */
    public static final Duration LATER = AnswerWindows.DEFAULT.idempotency().plusHours(1);

    private ReleasedFormats() {
    }

    public static StateKeys keys1() {
        return new StateKeys("evt-1", "acct-1", "dev-1", "store-1");
    }

    public static StateKeys keys2() {
        return new StateKeys("evt-2", "acct-1", "dev-2", null);
    }

    public static StateKeys keys3() {
        return new StateKeys("evt-3", "acct-1", "dev-1", "store-2");
    }

    /** An import (no record) on an id with a lone surrogate, which UTF-8 cannot hold. */
    public static StateKeys keys4() {
        return new StateKeys("evt-4", "acct-\uD800-x", "dev-3", "store-1");
    }

    public static StateKeys freezeKeys(String account) {
        return new StateKeys("freeze:" + account, account, "-", null);
    }

    public static DecisionRecord record1() {
        return new DecisionRecord(new Decision("evt-1", Verdict.STEP_UP, 55,
                List.of(new Reason("new device", 40, "first seen"), new Reason("resale goods", 15, "tobacco x2")),
                "pack-7"), "9f86d081884c7d659a2feaa0c55ad015", "acct-1", "dev-1", "store-1", START, List.of());
    }

    public static DecisionRecord record1Passed() {
        DecisionRecord r = record1();
        return new DecisionRecord(r.answer(), r.requestHash(), r.accountId(), r.deviceId(), r.storeId(),
                r.decidedAt(), List.of(FeedbackOutcome.STEP_UP_PASSED));
    }

    public static DecisionRecord record2() {
        return new DecisionRecord(new Decision("evt-2", Verdict.ALLOW, 0, List.of(), "pack-7"),
                "0123456789abcdef0123456789abcdef", "acct-1", "dev-2", null, START.plusSeconds(60).plusNanos(123_456_789),
                List.of());
    }

    public static DecisionRecord record2Fraud() {
        DecisionRecord c = record2().compact();
        return new DecisionRecord(c.answer(), c.requestHash(), c.accountId(), c.deviceId(), c.storeId(),
                c.decidedAt(), List.of(FeedbackOutcome.FRAUD), false);
    }

    public static DecisionRecord record3() {
        return new DecisionRecord(new Decision("evt-3", Verdict.BLOCK, 95,
                List.of(new Reason("charge then spend", 95, "top-up 2 min before")), "pack-8"),
                "not a hex hash", "acct-1", "dev-1", "store-2", START.plus(LATER), List.of());
    }

    public static HistoryEvent event1() {
        return new HistoryEvent("evt-1", EventType.PURCHASE, START, 1250.5, "acct-1", "dev-1", "store-1",
                Status.PENDING, true, List.of(new Resale("tobacco", 2, 900), new Resale("gift_card", 0.5, 350.5)));
    }

    public static HistoryEvent event2() {
        return new HistoryEvent("evt-2", EventType.CHARGE, record2().decidedAt(), 5000, "acct-1", "dev-2", null,
                Status.ALLOWED, true, List.of());
    }

    public static HistoryEvent event3() {
        return new HistoryEvent("evt-3", EventType.PURCHASE, START.plus(LATER), 80, "acct-1", "dev-1", "store-2",
                Status.BLOCKED, false, List.of(new Resale("electronics", 1, 80)));
    }

    public static HistoryEvent event4() {
        return new HistoryEvent("evt-4", EventType.PURCHASE, START.minusSeconds(3 * 86400), 42, "acct-\uD800-x", "dev-3",
                "store-1", Status.ALLOWED, false, List.of());
    }

    /** Written, then checkpointed (checkpoint version 4). */
    public static List<Commit> first() {
        return List.of(
                Commit.append(keys1(), record1(), event1(), true)
                        .withAlerts(List.of(new OutboxEntry("al-1", "evt-1", "{\"type\":\"new_device\"}"))),
                Commit.append(keys2(), record2(), event2(), false),
                Commit.feedback(keys1(), record1(), record1Passed(), Status.PASSED),
                new Commit(freezeKeys("acct-2"), null, null,
                        List.of(new HistoryOp.Freeze(new OwnerFreeze(true, "not me on alert al-0", START.plusSeconds(5)))),
                        List.of(), List.of()));
    }

    /** Written {@link #LATER} after {@link #START} and left in the journal (segment version 3). */
    public static List<Commit> second() {
        return List.of(
                Commit.append(keys3(), record3(), event3(), true)
                        .withAlerts(List.of(new OutboxEntry("al-3", "evt-3", "{\"type\":\"resale\",\"n\":\"\u00e9\"}"))),
                Commit.append(keys4(), null, event4(), true),
                Commit.feedback(keys2(), record2().compact(), record2Fraud(), Status.FRAUD),
                new Commit(freezeKeys("acct-1"), null, null,
                        List.of(new HistoryOp.Freeze(new OwnerFreeze(true, "not me", START.plus(LATER).plusSeconds(1)))),
                        List.of(), List.of()),
                new Commit(freezeKeys("acct-2"), null, null,
                        List.of(new HistoryOp.Freeze(new OwnerFreeze(false, "", START.plus(LATER).plusSeconds(2)))),
                        List.of(), List.of()));
    }

    /**
     * Redis only: enough imports on one device that reading it compacts its list into a folded entry at the
     * head ({@code RedisStateStore.COMPACT_AT} is 64).
     */
    public static List<Commit> many() {
        java.util.ArrayList<Commit> commits = new java.util.ArrayList<>();
        for (int i = 0; i < 70; i++) {
            StateKeys k = new StateKeys("evt-m" + i, "acct-m", "dev-m", null);
            commits.add(Commit.append(k, null, new HistoryEvent("evt-m" + i, EventType.CHARGE, START.plusSeconds(i),
                    100 + i, "acct-m", "dev-m", null, Status.ALLOWED, i == 0, List.of()), false));
        }
        return commits;
    }

    /** Redis only: a decision whose writer stopped after its record script, leaving its operations pending. */
    public static Commit pending() {
        StateKeys k = new StateKeys("evt-p", "acct-p", "dev-p", "store-1");
        DecisionRecord r = new DecisionRecord(new Decision("evt-p", Verdict.ALLOW, 3, List.of(), "pack-8"),
                "fedcba9876543210fedcba9876543210", "acct-p", "dev-p", "store-1", START.plusSeconds(90), List.of());
        return Commit.append(k, r, new HistoryEvent("evt-p", EventType.PURCHASE, START.plusSeconds(90), 17.25, "acct-p",
                "dev-p", "store-1", Status.ALLOWED, true, List.of(new Resale("tobacco", 1, 17.25))), true);
    }

    /** Every key the commits touch. */
    public static List<StateKeys> allKeys() {
        return List.of(keys1(), keys2(), keys3(), keys4(), freezeKeys("acct-1"), freezeKeys("acct-2"));
    }
}
