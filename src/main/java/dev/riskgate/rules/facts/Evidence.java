package dev.riskgate.rules.facts;

/** How strongly the facts say someone other than the owner is acting; see {@link Actor}. */
public enum Evidence {
    /** Nothing says so: the owner's device, hours and stores. */
    NONE,
    /** One sign that is common in owners' lives too: a new store, an odd hour, a phone still earning trust, tobacco on an account that never bought any. */
    WEAK,
    /** A device new to the account, a failed second factor, a device declined just before or shared by several accounts, or two weak signs. */
    STRONG
}
