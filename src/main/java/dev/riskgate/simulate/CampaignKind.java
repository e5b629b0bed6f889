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
    TAKEOVER_SPOOFED_DEVICE("takeover-spoofed-device"),
    /** A clone of the victim's own device id tops up, then drains it on resale goods at night at a far store. */
    CLONED_DEVICE("cloned-device"),
    /** Several top-ups within minutes from one handset, about ¥300,000 in all, then spent on resale goods. */
    TOPUP_BURST("topup-burst"),
    /** Gift and prepaid cards bought at night at far stores from an unseen device, with a top-up if the balance is low. */
    GIFT_CARD_DRAIN("gift-card-drain"),
    /** One carton at a time, in several purchases at far stores over an afternoon, from an unseen device. */
    SINGLE_CARTON_DRAIN("single-carton-drain"),
    /** An unseen device splits its top-ups small (¥2,000-9,000 each, a minute or two apart), then buys resale goods a carton or card at a time. */
    SPLIT_TOP_UPS("split-top-ups");

    private final String label;

    CampaignKind(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
