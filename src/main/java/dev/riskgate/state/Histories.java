package dev.riskgate.state;

import dev.riskgate.event.EventType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;

/**
 * How histories change when an attempt is recorded or its status changes later (feedback). Kept in one
 * place so that "only settled money counts, only settled events vouch for a device" holds for every
 * store implementation and for replay alike.
 */
public final class Histories {

    private Histories() {
    }

    /**
     * The account's history after {@code ops}, in order, on top of {@code base}. Every store answers
     * with this fold, so what an operation means is said here once. Appends of an event the account
     * already remembers (as an attempt or a settled amount) are ignored, so a retried or replayed
     * operation changes nothing; so are appends {@link #pastTheCap past the cap}.
     */
    public static AccountState fold(AccountState base, List<HistoryOp> ops) {
        AccountState state = base;
        for (HistoryOp op : ops) {
            if (op instanceof HistoryOp.Append a) {
                state = remembers(state, a.event()) || pastTheCap(state.events(), a.event()) ? state
                        : record(state, a.event());
            } else if (op instanceof HistoryOp.Restatus r) {
                state = restatus(state, r.eventId(), r.status());
            } else if (op instanceof HistoryOp.Freeze f) {
                state = freeze(state, f.freeze());
            }
        }
        return state;
    }

    /** A device or store log after {@code ops}, in order, on top of {@code base}; see the account fold. */
    public static EventLog fold(EventLog base, List<HistoryOp> ops) {
        EventLog log = base;
        for (HistoryOp op : ops) {
            if (op instanceof HistoryOp.Append a) {
                log = holds(log.events(), a.event()) || pastTheCap(log.events(), a.event()) ? log
                        : record(log, a.event());
            } else if (op instanceof HistoryOp.Restatus r) {
                log = restatus(log, r.eventId(), r.status());
            }
        }
        return log;
    }

    /**
     * The account once frozen or unfrozen: the later change stands, so an old freeze applied again after
     * an unfreeze (a replay, a sweeper) changes nothing.
     */
    private static AccountState freeze(AccountState account, OwnerFreeze change) {
        OwnerFreeze current = account.freeze();
        return current != null && !change.at().isAfter(current.at()) ? account
                : new AccountState(account.devices(), account.events(), account.stores(), account.amounts(), change);
    }

    /**
     * A history holding {@link Retention#MAX_EVENTS} attempts takes none that is not newer than all of
     * them. Pruning would drop it at once anyway; what matters is that it may be an attempt this history
     * pruned earlier, sent again (a re-run import, a commit a Redis sweeper finishes twice): the
     * history no longer knows it, and taking it would bring back its amount, store visit and device trust.
     * Histories are kept in time order, so the oldest attempt is the first.
     */
    private static boolean pastTheCap(List<HistoryEvent> events, HistoryEvent event) {
        return events.size() >= Retention.MAX_EVENTS && !event.at().isAfter(events.get(0).at());
    }

    private static boolean remembers(AccountState account, HistoryEvent event) {
        if (holds(account.events(), event)) {
            return true;
        }
        // Settled amounts outlive events (and a late step-up answer appends one out of time order): all of them.
        for (SettledAmount a : account.amounts()) {
            if (a.eventId().equals(event.eventId())) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether {@code events} already hold {@code event}. Histories are kept in time order and a repeat
     * carries the same time, so only the events not older than it are looked at: on a busy device or
     * store, whose log holds up to a thousand, that is nearly always none.
     */
    private static boolean holds(List<HistoryEvent> events, HistoryEvent event) {
        for (int i = events.size() - 1; i >= 0 && !events.get(i).at().isBefore(event.at()); i--) {
            if (events.get(i).eventId().equals(event.eventId())) {
                return true;
            }
        }
        return false;
    }

    /** The account's history after one more attempt. */
    public static AccountState record(AccountState account, HistoryEvent event) {
        List<KnownDevice> devices = new ArrayList<>(account.devices());
        int i = indexOf(devices, event.deviceId());
        KnownDevice before = i < 0 ? null : devices.get(i);
        KnownDevice after = new KnownDevice(event.deviceId(),
                before == null ? event.at() : min(before.firstSeen(), event.at()),
                before == null ? event.at() : max(before.lastSeen(), event.at()),
                before != null && before.trusted() ? before.trustedAt()
                        : event.status().settled() ? event.at() : null);
        if (i < 0) {
            devices.add(after);
        } else {
            devices.set(i, after);
        }
        AccountState next = account.with(devices,
                appendPruned(account.events(), event, Retention.EVENTS, Retention.MAX_EVENTS), account.stores(),
                account.amounts());
        return prune(event.status().settled() ? settle(next, event) : next);
    }

    /** A log of a device or store after one more attempt. */
    public static EventLog record(EventLog log, HistoryEvent event) {
        return new EventLog(appendPruned(log.events(), event, Retention.EVENTS, Retention.MAX_EVENTS));
    }

    /**
     * The account's history once an event's status changes. A passed step-up settles the event (its
     * money counts and its device becomes trusted); fraud takes the device's trust and the amount back.
     */
    public static AccountState restatus(AccountState account, String eventId, Status status) {
        HistoryEvent found = account.events().stream().filter(e -> e.eventId().equals(eventId)).findFirst().orElse(null);
        if (found == null || !found.status().canBecome(status)) {
            return account;
        }
        HistoryEvent updated = found.withStatus(status);
        AccountState next = account.with(account.devices(), replace(account.events(), updated),
                account.stores(), account.amounts());
        if (status.settled() && !found.status().settled()) {
            next = settle(trust(next, updated.deviceId(), updated.at()), updated);
        }
        if (status == Status.FRAUD) {
            next = unsettle(next, updated);
        }
        return next;
    }

    /** A device or store log once an event's status changes. */
    public static EventLog restatus(EventLog log, String eventId, Status status) {
        return log.events().stream().anyMatch(e -> e.eventId().equals(eventId) && e.status().canBecome(status))
                ? new EventLog(log.events().stream()
                        .map(e -> e.eventId().equals(eventId) ? e.withStatus(status) : e).toList())
                : log;
    }

    private static AccountState settle(AccountState account, HistoryEvent event) {
        List<SettledAmount> amounts = new ArrayList<>(account.amounts());
        amounts.add(new SettledAmount(event.eventId(), event.type(), event.at(), event.amount()));
        List<StoreVisit> stores = new ArrayList<>(account.stores());
        if (event.type() == EventType.PURCHASE && event.storeId() != null) {
            int i = -1;
            for (int k = 0; k < stores.size(); k++) {
                if (stores.get(k).storeId().equals(event.storeId())) {
                    i = k;
                }
            }
            if (i < 0) {
                stores.add(new StoreVisit(event.storeId(), 1, event.at(), event.at()));
            } else {
                StoreVisit v = stores.get(i);
                stores.set(i, new StoreVisit(v.storeId(), v.visits() + 1, min(v.firstVisit(), event.at()),
                        max(v.lastVisit(), event.at())));
            }
        }
        return account.with(account.devices(), account.events(), stores, amounts);
    }

    private static AccountState unsettle(AccountState account, HistoryEvent event) {
        List<KnownDevice> devices = account.devices().stream()
                .map(d -> d.deviceId().equals(event.deviceId())
                        ? new KnownDevice(d.deviceId(), d.firstSeen(), d.lastSeen(), null) : d)
                .toList();
        List<SettledAmount> amounts = account.amounts().stream()
                .filter(a -> !a.eventId().equals(event.eventId())).toList();
        return account.with(devices, account.events(), account.stores(), amounts);
    }

    private static AccountState trust(AccountState account, String deviceId, Instant at) {
        List<KnownDevice> devices = account.devices().stream()
                .map(d -> d.deviceId().equals(deviceId) && !d.trusted()
                        ? new KnownDevice(d.deviceId(), d.firstSeen(), d.lastSeen(), at) : d)
                .toList();
        return account.with(devices, account.events(), account.stores(), account.amounts());
    }

    private static AccountState prune(AccountState a) {
        return a.with(
                prune(a.devices(), KnownDevice::lastSeen, Retention.PROFILE, Retention.MAX_DEVICES),
                prune(a.events(), HistoryEvent::at, Retention.EVENTS, Retention.MAX_EVENTS),
                prune(a.stores(), StoreVisit::lastVisit, Retention.PROFILE, Retention.MAX_STORES),
                prune(a.amounts(), SettledAmount::at, Retention.PROFILE, Retention.MAX_AMOUNTS));
    }

    /** Drops entries older than {@code keep} before the newest one, then the oldest beyond {@code cap}. */
    static <T> List<T> prune(List<T> items, Function<T, Instant> time, java.time.Duration keep, int cap) {
        if (items.isEmpty()) {
            return items;
        }
        // Histories are kept in time order and an append is nearly always the newest, so the common case
        // is one pass and a cut, not a sort: a busy store's log at its cap is folded on every purchase.
        int n = items.size();
        Instant newest = time.apply(items.get(0));
        Instant previous = newest;
        boolean ordered = true;
        for (int i = 1; i < n; i++) {
            Instant t = time.apply(items.get(i));
            ordered &= !t.isBefore(previous);
            newest = t.isAfter(newest) ? t : newest;
            previous = t;
        }
        Instant horizon = newest.minus(keep);
        if (!ordered) {
            List<T> kept = items.stream().filter(t -> !time.apply(t).isBefore(horizon))
                    .sorted(Comparator.comparing(time)).toList();
            return kept.size() <= cap ? kept : kept.subList(kept.size() - cap, kept.size());
        }
        int from = Math.max(0, n - cap);
        while (from < n && time.apply(items.get(from)).isBefore(horizon)) {
            from++;
        }
        return from == 0 ? items : items.subList(from, n);
    }

    /**
     * {@code prune(events + event)}, built in one immutable list. A busy store's log holds up to a thousand
     * attempts and is folded on every purchase there; appending to a copy, cutting a view of it and
     * copying that into the record took three to five copies of the whole log a commit, this takes one
     * (and {@code List.of}'s own). The common case is an attempt newer than all before it in an ordered
     * log; anything else is left to {@link #prune}.
     */
    private static List<HistoryEvent> appendPruned(List<HistoryEvent> events, HistoryEvent event,
                                                   java.time.Duration keep, int cap) {
        int n = events.size();
        boolean newest = true;
        for (int i = 1; i < n && newest; i++) {
            newest = !events.get(i).at().isBefore(events.get(i - 1).at());
        }
        if (!newest || n > 0 && event.at().isBefore(events.get(n - 1).at())) {
            List<HistoryEvent> next = new ArrayList<>(n + 1);
            next.addAll(events);
            next.add(event);
            return prune(next, HistoryEvent::at, keep, cap);
        }
        Instant horizon = event.at().minus(keep);
        int from = Math.max(0, n + 1 - cap);
        while (from < n && events.get(from).at().isBefore(horizon)) {
            from++;
        }
        HistoryEvent[] kept = new HistoryEvent[n - from + 1];
        for (int i = from; i < n; i++) {
            kept[i - from] = events.get(i);
        }
        kept[n - from] = event;
        return List.of(kept);
    }

    private static List<HistoryEvent> replace(List<HistoryEvent> events, HistoryEvent updated) {
        return events.stream().map(e -> e.eventId().equals(updated.eventId()) ? updated : e).toList();
    }

    private static int indexOf(List<KnownDevice> devices, String deviceId) {
        for (int i = 0; i < devices.size(); i++) {
            if (devices.get(i).deviceId().equals(deviceId)) {
                return i;
            }
        }
        return -1;
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
