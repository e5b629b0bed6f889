package dev.riskgate.simulate;

/** The ways the simulated crews cash out a stolen wallet; {@link #label()} is what the labels file says. */
public enum CampaignKind {
    /** An unseen device tops up from the victim's card and spends most of it on cartons at a far store within the hour. */
    TAKEOVER_DRAIN("takeover-drain"),
    /** One handset logs into several stolen accounts at one store within the hour and buys a few cartons on each. */
    MULE_HANDSET("mule-handset"),
    /** An unseen device tops up and spends it hours later, on cartons or gift cards at a far store. */
    TOPUP_LATE_SPEND("topup-late-spend"),
    /** No top-up: an unseen device spends the stored balance on resale goods. */
    BALANCE_DRAIN("balance-drain"),
    /** Takeover-drain from an emulator presenting the victim's own device id. */
    TAKEOVER_SPOOFED_DEVICE("takeover-spoofed-device");

    private final String label;

    CampaignKind(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
