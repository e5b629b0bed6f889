package dev.riskgate.rules.facts;

/**
 * An earlier top-up on this account that was not declined, within the history window: how long ago,
 * how much, from which device and whether that device was new to the account then, and what the account
 * has spent since (earlier purchases, not declined, not counting the current event). {@code drained}:
 * this purchase, with what was spent since, takes at least {@code charge_spend.drained_share} of a top-up
 * of at least {@code charge_spend.min_charge} made within {@code charge_spend.window_minutes}: judged once
 * here, so every charge-then-spend rule means the same thing by it.
 */
public record TopUp(
        String eventId,
        double minutesAgo,
        double amount,
        String deviceId,
        boolean fromNewDevice,
        double spentSince,
        boolean drained) {
}
