package dev.riskgate.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.riskgate.TestPaths;
import dev.riskgate.event.EventType;
import dev.riskgate.rules.Parameters;
import dev.riskgate.rules.RulePack;
import dev.riskgate.rules.RulePackLoader;
import dev.riskgate.rules.facts.DeviceStanding;
import dev.riskgate.state.AccountState;
import dev.riskgate.state.HistoryEvent;
import dev.riskgate.state.KnownDevice;
import dev.riskgate.state.Status;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Trust is earned, read from the kept history: the shipped pack's trust.min_days_used is 3. */
class DeviceTrustTest {

    private static final Instant T0 = Instant.parse("2026-10-01T03:00:00Z");
    private static RulePack pack;
    private static Parameters params;

    @BeforeAll
    static void load() throws Exception {
        pack = new RulePackLoader(Clock.systemUTC()).load(TestPaths.rules());
        params = pack.params();
    }

    @AfterAll
    static void close() {
        pack.close();
    }

    @Test
    void manyEventsInADevicesFirstHoursNeverEarnTrust() {
        List<HistoryEvent> events = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            events.add(event("e" + i, T0.plus(Duration.ofMinutes(30L * i)), Status.ALLOWED));
        }
        DeviceStanding d = DeviceTrust.standing(account(events), "phone", T0.plus(Duration.ofHours(11)), params);

        assertThat(d.trusted()).isFalse();
        assertThat(d.daysUsed()).isEqualTo(1);
    }

    @Test
    void settledUseOnThreeDaysEarnsTrustAndFraudTakesItBack() {
        List<HistoryEvent> events = new ArrayList<>(List.of(event("d0", T0, Status.ALLOWED),
                event("d1", T0.plus(Duration.ofHours(25)), Status.ALLOWED),
                event("d2", T0.plus(Duration.ofHours(49)), Status.ALLOWED)));
        Instant at = T0.plus(Duration.ofHours(50));

        assertThat(DeviceTrust.standing(account(events), "phone", at, params).trusted()).isTrue();

        events.set(1, events.get(1).withStatus(Status.FRAUD));
        assertThat(DeviceTrust.standing(account(events), "phone", at, params).trusted()).isFalse();
    }

    @Test
    void aPassedStepUpEarnsTrustAtOnce() {
        DeviceStanding d = DeviceTrust.standing(account(List.of(event("p", T0, Status.PASSED))), "phone",
                T0.plus(Duration.ofMinutes(5)), params);

        assertThat(d.trusted()).isTrue();
    }

    @Test
    void trustEarnedBeforeTheKeptAttemptsStands() {
        // first settled use 40 days ago; the attempts that earned it are pruned (30 days are kept)
        Instant at = T0.plus(Duration.ofDays(40));
        AccountState account = new AccountState(List.of(new KnownDevice("phone", T0, T0.plus(Duration.ofDays(39)), T0)),
                List.of(event("recent", T0.plus(Duration.ofDays(39)), Status.ALLOWED)), List.of(), List.of());

        assertThat(DeviceTrust.standing(account, "phone", at, params).trusted()).isTrue();
    }

    private static AccountState account(List<HistoryEvent> events) {
        Instant trustedAt = events.stream().filter(e -> e.status().settled() || e.status() == Status.FRAUD)
                .map(HistoryEvent::at).min(Instant::compareTo).orElse(null);
        Instant last = events.stream().map(HistoryEvent::at).max(Instant::compareTo).orElse(T0);
        return new AccountState(List.of(new KnownDevice("phone", T0, last, trustedAt)), events, List.of(), List.of());
    }

    private static HistoryEvent event(String id, Instant at, Status status) {
        return new HistoryEvent(id, EventType.PURCHASE, at, 800, "acct", "phone", "store", status, false, List.of());
    }
}
