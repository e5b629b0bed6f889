package dev.riskgate.rules.facts;

/**
 * What an event is: a top-up of the wallet (the wire's "charge") or a purchase. An enum, not a string,
 * so a misspelt kind in a rule ({@code EventKind.PURCHSE}) fails the pack's load instead of never matching.
 */
public enum EventKind {
    CHARGE,
    PURCHASE
}
