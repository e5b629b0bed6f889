package dev.riskgate.rules.facts;

/**
 * The current device as the account knows it. {@code seen}: used by this account before;
 * {@code trusted}: vouched for by an allowed event or a passed step-up; {@code trustedDevices}: how many
 * devices the account trusts in all; {@code accountSettledEvents}: settled charges and purchases the
 * account has, so a brand-new account can be told from a taken-over one; {@code accountMinutesKnown}:
 * how long ago the account's history begins (its first device's first use), so a device newer than the
 * account can be told from the first device of a deployment that started with no history.
 */
public record DeviceStanding(
        boolean seen,
        boolean trusted,
        double minutesSinceFirstSeen,
        int trustedDevices,
        int accountSettledEvents,
        double accountMinutesKnown) {
}
