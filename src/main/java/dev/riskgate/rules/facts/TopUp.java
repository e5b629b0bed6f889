package dev.riskgate.rules.facts;

/**
 * An earlier top-up on this account that was not declined, within the history window: how long ago,
 * how much, from which device and whether that device was new to the account then, and what the account
 * has spent since (earlier purchases, not declined, not counting the current event). Charge-then-spend
 * rules read "this purchase drains that top-up" from it.
 */
public record TopUp(
        String eventId,
        double minutesAgo,
        double amount,
        String deviceId,
        boolean fromNewDevice,
        double spentSince) {
}
