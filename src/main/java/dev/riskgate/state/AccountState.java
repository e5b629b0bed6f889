package dev.riskgate.state;

import java.util.List;

/**
 * Everything the store keeps per account. Lists are pruned by {@link Retention} on every write; {@code freeze}
 * (null: never frozen) is never pruned, however old: a freeze lasts until it is lifted.
 */
public record AccountState(
        List<KnownDevice> devices,
        List<HistoryEvent> events,
        List<StoreVisit> stores,
        List<SettledAmount> amounts,
        OwnerFreeze freeze) {

    public static final AccountState EMPTY = new AccountState(List.of(), List.of(), List.of(), List.of());

    public AccountState(List<KnownDevice> devices, List<HistoryEvent> events, List<StoreVisit> stores,
                        List<SettledAmount> amounts) {
        this(devices, events, stores, amounts, null);
    }

    public AccountState {
        devices = devices == null ? List.of() : List.copyOf(devices);
        events = events == null ? List.of() : List.copyOf(events);
        stores = stores == null ? List.of() : List.copyOf(stores);
        amounts = amounts == null ? List.of() : List.copyOf(amounts);
    }

    /** Whether the owner froze the account and nobody has lifted it since. */
    public boolean frozen() {
        return freeze != null && freeze.frozen();
    }

    /** This state with its lists replaced, its freeze kept. */
    AccountState with(List<KnownDevice> devices, List<HistoryEvent> events, List<StoreVisit> stores,
                      List<SettledAmount> amounts) {
        return new AccountState(devices, events, stores, amounts, freeze);
    }

    public java.util.Optional<KnownDevice> device(String deviceId) {
        return devices.stream().filter(d -> d.deviceId().equals(deviceId)).findFirst();
    }
}
