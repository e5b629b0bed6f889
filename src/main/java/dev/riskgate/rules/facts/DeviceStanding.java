package dev.riskgate.rules.facts;

/**
 * The current device as the account knows it. {@code seen}: used by this account before;
 * {@code trusted}: trust earned on the account, by a passed second factor or by settled use on at least
 * {@code trust.min_days_used} distinct days (24-hour periods counted from its first use, so a device's
 * first hours never earn it), with no fraud reported from it; {@code daysUsed}: those distinct days so far;
 * {@code young}: first used less than {@code actor.young_device_minutes} ago by an account whose history
 * begins well before it (a thief's phone, or a new phone, in its first hours, even when a second factor
 * trusted it); {@code newToAccount}: the "new device" of every rule family: never seen on an account that
 * has history, or seen and not trusted (or young) on an account whose history began at least
 * {@code actor.newer_than_account_minutes} before it (a deployment's first devices are nobody's new phone).
 * {@code trustedDevices}: how many devices the account trusts in all; {@code accountSettledEvents}:
 * settled charges and purchases the account has, so a brand-new account can be told from a taken-over
 * one; {@code accountMinutesKnown}: how long ago the account's history begins (its first device's first
 * use), so a device newer than the account can be told from the first device of a deployment that
 * started with no history.
 */
public record DeviceStanding(
        boolean seen,
        boolean trusted,
        int daysUsed,
        boolean young,
        boolean newToAccount,
        double minutesSinceFirstSeen,
        int trustedDevices,
        int accountSettledEvents,
        double accountMinutesKnown) {
}
