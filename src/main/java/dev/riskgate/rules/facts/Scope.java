package dev.riskgate.rules.facts;

/**
 * Whose history an earlier attempt comes from: this account's, every account's on this device, or this
 * store's (attempts there that bought resale goods or came from a device new to its account). An enum,
 * not a string, so a misspelt scope fails the pack's compilation instead of silently never matching.
 */
public enum Scope {
    ACCOUNT,
    DEVICE,
    STORE
}
