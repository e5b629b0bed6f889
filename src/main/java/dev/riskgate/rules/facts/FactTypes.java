package dev.riskgate.rules.facts;

import java.util.List;

/** Every type a pack's rules may match on, so checks on a pack (and its probe) know them all. */
public final class FactTypes {

    public static final List<Class<? extends Record>> ALL = List.of(
            WalletEvent.class, ResaleLine.class, DeviceStanding.class, PurchaseProfile.class, TopUpProfile.class,
            HourHabit.class, StoreStanding.class, Actor.class, TopUp.class, PastEvent.class, PastResale.class);

    /**
     * The types an event has many of (earlier attempts, top-ups, basket lines); the others are one per event.
     * Joins over these multiply, so the pack policy bounds how many one rule may use.
     */
    public static final List<Class<? extends Record>> MANY = List.of(TopUp.class, PastEvent.class, PastResale.class,
            ResaleLine.class);

    private FactTypes() {
    }
}
