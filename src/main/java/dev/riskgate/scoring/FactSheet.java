package dev.riskgate.scoring;

import dev.riskgate.rules.facts.AmountProfile;
import dev.riskgate.rules.facts.DeviceStanding;
import dev.riskgate.rules.facts.PastEvent;
import dev.riskgate.rules.facts.PastResale;
import dev.riskgate.rules.facts.ResaleLine;
import dev.riskgate.rules.facts.StoreStanding;
import dev.riskgate.rules.facts.WalletEvent;
import dev.riskgate.state.AccountState;
import dev.riskgate.state.HistoryEvent;
import dev.riskgate.state.KnownDevice;
import dev.riskgate.state.Resale;
import dev.riskgate.state.SettledAmount;
import dev.riskgate.state.Snapshot;
import dev.riskgate.state.Status;
import dev.riskgate.state.StoreVisit;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a request and the history snapshot into the facts the DRL rules match on. All times become
 * "minutes before this event" in event time, so replaying the same stream gives the same answers.
 * Only history inside the pack's {@code history.window_minutes} and not after the event is included.
 */
final class FactSheet {

    private FactSheet() {
    }

    static List<Object> facts(ScoreRequest req, Snapshot snap, List<Resale> resale, double windowMinutes) {
        Instant at = req.occurredAt().toInstant();
        AccountState account = snap.account();
        List<Object> facts = new ArrayList<>();
        facts.add(new WalletEvent(req.eventId(), req.type().wireName(), req.accountId(), req.deviceId(),
                req.storeId(), req.amount().doubleValue(), req.currency(), req.fundingSource(), req.ip(),
                req.occurredAt().getHour()));
        for (Resale r : resale) {
            facts.add(new ResaleLine(r.group(), r.units(), r.amount()));
        }
        facts.add(deviceStanding(account, req.deviceId(), at));
        facts.add(amountProfile(account, req.type()));
        if (req.storeId() != null && req.type() == EventType.PURCHASE) {
            StoreVisit visit = account.stores().stream().filter(v -> v.storeId().equals(req.storeId()))
                    .findFirst().orElse(null);
            facts.add(new StoreStanding(req.storeId(), visit == null ? 0 : visit.visits(),
                    visit == null ? 0 : minutesBetween(visit.firstVisit(), at), account.stores().size()));
        }
        addHistory(facts, "account", account.events(), at, windowMinutes);
        addHistory(facts, "device", snap.device().events(), at, windowMinutes);
        addHistory(facts, "store", snap.store().events(), at, windowMinutes);
        return facts;
    }

    /** Whether the device is untrusted for the account: the "new device" of every rule family. */
    static boolean isNewDevice(AccountState account, String deviceId) {
        return account.device(deviceId).map(d -> !d.trusted()).orElse(true);
    }

    private static DeviceStanding deviceStanding(AccountState account, String deviceId, Instant at) {
        KnownDevice d = account.device(deviceId).orElse(null);
        int trusted = (int) account.devices().stream().filter(KnownDevice::trusted).count();
        int settled = account.amounts().size();
        return new DeviceStanding(d != null, d != null && d.trusted(),
                d == null ? 0 : minutesBetween(d.firstSeen(), at), trusted, settled);
    }

    private static AmountProfile amountProfile(AccountState account, EventType type) {
        double[] amounts = account.amounts().stream().filter(a -> a.type() == type)
                .mapToDouble(SettledAmount::amount).sorted().toArray();
        double allMax = account.amounts().stream().mapToDouble(SettledAmount::amount).max().orElse(0);
        int all = account.amounts().size();
        if (amounts.length == 0) {
            return new AmountProfile(type.wireName(), 0, 0, 0, 0, all, allMax);
        }
        return new AmountProfile(type.wireName(), amounts.length, quantile(amounts, 0.5), quantile(amounts, 0.9),
                amounts[amounts.length - 1], all, allMax);
    }

    private static void addHistory(List<Object> facts, String scope, List<HistoryEvent> events, Instant at,
                                   double windowMinutes) {
        for (HistoryEvent e : events) {
            double ago = minutesBetween(e.at(), at);
            if (ago < 0 || ago > windowMinutes) {
                continue;
            }
            String status = e.status().name();
            boolean declined = e.status() == Status.FAILED || e.status() == Status.BLOCKED || e.status() == Status.FRAUD;
            facts.add(new PastEvent(scope, e.eventId(), e.type().wireName(), e.accountId(), e.deviceId(), e.storeId(),
                    ago, e.amount(), status, e.status().settled(), declined, e.newDevice()));
            for (Resale r : e.resale()) {
                facts.add(new PastResale(scope, e.eventId(), e.accountId(), e.deviceId(), e.storeId(), r.group(),
                        r.units(), r.amount(), ago, status, e.status().settled(), declined, e.newDevice()));
            }
        }
    }

    private static double minutesBetween(Instant from, Instant to) {
        return Duration.between(from, to).toMillis() / 60_000.0;
    }

    /** Nearest-rank quantile of sorted values. */
    private static double quantile(double[] sorted, double q) {
        int rank = (int) Math.ceil(q * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }
}
