package dev.riskgate.scoring;

import dev.riskgate.rules.Parameters;
import dev.riskgate.rules.facts.DeviceStanding;
import dev.riskgate.state.AccountState;
import dev.riskgate.state.HistoryEvent;
import dev.riskgate.state.KnownDevice;
import dev.riskgate.state.Retention;
import dev.riskgate.state.Status;
import java.time.Instant;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Whether a device has earned the account's trust, read from what the history already keeps, so a change
 * of the rule needs no migration of stored state. A device is trusted once a second factor passed on it,
 * or once it has settled events on at least {@code trust.min_days_used} distinct days, counted as 24-hour
 * periods from its first use (its first hours are all day 0, so they never earn trust, however many
 * events they hold), and only while no fraud is reported from it. A device whose first settled use is
 * older than the attempts the store keeps ({@link Retention#EVENTS}) keeps the trust it had: the events
 * that earned it are pruned.
 */
final class DeviceTrust {

    static final String MIN_DAYS_USED = "trust.min_days_used";
    static final String YOUNG_MINUTES = "actor.young_device_minutes";
    static final String NEWER_THAN_ACCOUNT_MINUTES = "actor.newer_than_account_minutes";

    private static final long DAY_SECONDS = 24 * 60 * 60;

    private DeviceTrust() {
    }

    /** How {@code deviceId} stands on the account at {@code at}. */
    static DeviceStanding standing(AccountState account, String deviceId, Instant at, Parameters params) {
        Map<String, Use> uses = uses(account);
        int minDays = (int) params.get(MIN_DAYS_USED);
        KnownDevice d = null;
        int trustedDevices = 0;
        Instant accountStart = null;
        for (KnownDevice k : account.devices()) {
            if (k.deviceId().equals(deviceId)) {
                d = k;
            }
            if (trusted(k, uses.get(k.deviceId()), at, minDays)) {
                trustedDevices++;
            }
            accountStart = accountStart == null || k.firstSeen().isBefore(accountStart) ? k.firstSeen() : accountStart;
        }
        double known = accountStart == null ? 0 : Math.max(0, FactSheet.minutesBetween(accountStart, at));
        if (d == null) {
            // Unseen: new to an account that has any history; a brand-new account's first device is not.
            return new DeviceStanding(false, false, 0, false, accountStart != null || !account.amounts().isEmpty(), 0,
                    trustedDevices, account.amounts().size(), known);
        }
        Use use = uses.get(deviceId);
        boolean trusted = trusted(d, use, at, minDays);
        double age = FactSheet.minutesBetween(d.firstSeen(), at);
        // A device the account's history began with is the owner's as far as anyone can tell: on a
        // deployment's first days every device is still earning trust, and none of them is new.
        boolean newer = known - age >= params.get(NEWER_THAN_ACCOUNT_MINUTES);
        boolean young = newer && age < params.get(YOUNG_MINUTES);
        return new DeviceStanding(true, trusted, use == null ? 0 : use.days.cardinality(), young,
                newer && (!trusted || young), age, trustedDevices, account.amounts().size(), known);
    }

    private static boolean trusted(KnownDevice d, Use use, Instant at, int minDays) {
        if (!d.trusted() || use != null && use.fraud) {
            return false;
        }
        boolean earnedBeforeKept = d.trustedAt().isBefore(at.minus(Retention.EVENTS));
        return earnedBeforeKept || use != null && (use.passed || use.days.cardinality() >= minDays);
    }

    /** Each device's settled days, passed second factors and fraud reports, in one pass over the account's attempts. */
    private static Map<String, Use> uses(AccountState account) {
        Map<String, Use> uses = new HashMap<>(4);
        List<KnownDevice> devices = account.devices();
        for (HistoryEvent e : account.events()) {
            Use use = uses.get(e.deviceId());
            if (use == null) {
                KnownDevice d = device(devices, e.deviceId());
                if (d == null) {
                    continue;
                }
                use = new Use(d.firstSeen());
                uses.put(e.deviceId(), use);
            }
            use.add(e);
        }
        return uses;
    }

    private static KnownDevice device(List<KnownDevice> devices, String id) {
        for (KnownDevice d : devices) {
            if (d.deviceId().equals(id)) {
                return d;
            }
        }
        return null;
    }

    /** What one device's attempts on the account show. */
    private static final class Use {
        private final Instant firstSeen;
        private final BitSet days = new BitSet();
        private boolean passed;
        private boolean fraud;

        Use(Instant firstSeen) {
            this.firstSeen = firstSeen;
        }

        void add(HistoryEvent e) {
            if (e.status() == Status.FRAUD) {
                fraud = true;
            } else if (e.status().settled()) {
                passed |= e.status() == Status.PASSED;
                long day = Math.max(0, (e.at().getEpochSecond() - firstSeen.getEpochSecond()) / DAY_SECONDS);
                days.set((int) Math.min(day, Integer.MAX_VALUE - 1));
            }
        }
    }
}
