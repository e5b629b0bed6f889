package dev.riskgate.simulate;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** A neighbourhood and its shops; customers live and work in districts, attackers cash out in far ones. */
record District(int prefecture, int number, List<Store> stores, Map<Store.Kind, List<Store>> byKind) {

    static District of(int prefecture, int number, List<Store> stores) {
        Map<Store.Kind, List<Store>> byKind = new EnumMap<>(Store.Kind.class);
        for (Store.Kind kind : Store.Kind.values()) {
            byKind.put(kind, stores.stream().filter(s -> s.kind() == kind).collect(Collectors.toUnmodifiableList()));
        }
        return new District(prefecture, number, List.copyOf(stores), byKind);
    }

    List<Store> stores(Store.Kind kind) {
        return byKind.get(kind);
    }
}
