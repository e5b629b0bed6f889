package dev.riskgate.state;

import java.util.List;

/** Everything the store keeps per account. Lists are pruned by {@link Retention} on every write. */
public record AccountState(
        List<KnownDevice> devices,
        List<HistoryEvent> events,
        List<StoreVisit> stores,
        List<SettledAmount> amounts) {

    public static final AccountState EMPTY = new AccountState(List.of(), List.of(), List.of(), List.of());

    public AccountState {
        devices = devices == null ? List.of() : List.copyOf(devices);
        events = events == null ? List.of() : List.copyOf(events);
        stores = stores == null ? List.of() : List.copyOf(stores);
        amounts = amounts == null ? List.of() : List.copyOf(amounts);
    }

    public java.util.Optional<KnownDevice> device(String deviceId) {
        return devices.stream().filter(d -> d.deviceId().equals(deviceId)).findFirst();
    }
}
