package dev.riskgate.rules.facts;

import java.util.List;

/** Every type a pack's rules may match on, so checks on a pack (and its probe) know them all. */
public final class FactTypes {

    public static final List<Class<? extends Record>> ALL = List.of(
            WalletEvent.class, ResaleLine.class, DeviceStanding.class, PurchaseProfile.class, TopUpProfile.class,
            HourHabit.class, StoreStanding.class, Actor.class, TopUp.class, PastEvent.class, PastResale.class);

    private FactTypes() {
    }
}
