package dev.riskgate.http;

/** Names of rules in the repository's pack (rules/*.drl) that the HTTP tests use as witnesses of state. */
public final class ShippedRules {

    /** Prefix of every rule in new-device.drl. */
    public static final String NEW_DEVICE = "new device:";
    public static final String FIRST_DEVICE = "new device: first device of a new account";
    public static final String UNTRUSTED_DEVICE = "new device: first hours on this account";
    /** Its message starts with the number of earlier charges: "3 earlier charges within 60 minutes". */
    public static final String CHARGE_VELOCITY = "velocity: burst of charges on the account";
    /** Its message starts with the number of earlier attempts from the device. */
    public static final String DEVICE_VELOCITY = "velocity: burst of attempts on the device";

    private ShippedRules() {
    }
}
