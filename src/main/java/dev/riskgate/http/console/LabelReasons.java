package dev.riskgate.http.console;

import java.util.List;
import java.util.Map;

/** The reason codes an analyst picks from when labelling a case; kept in the index and the audit. */
public final class LabelReasons {

    public static final Map<String, List<String>> BY_OUTCOME = Map.of(
            "FRAUD", List.of("ACCOUNT_TAKEOVER", "STOLEN_FUNDS", "MULE", "RESALE_RING", "OTHER_FRAUD"),
            "LEGIT", List.of("CUSTOMER_CONFIRMED", "KNOWN_DEVICE", "FALSE_POSITIVE", "OTHER_LEGIT"));

    public static final List<String> ALL = List.of("ACCOUNT_TAKEOVER", "STOLEN_FUNDS", "MULE", "RESALE_RING",
            "OTHER_FRAUD", "CUSTOMER_CONFIRMED", "KNOWN_DEVICE", "FALSE_POSITIVE", "OTHER_LEGIT");

    private LabelReasons() {
    }

    /** True when {@code reason} is one of {@code outcome}'s codes. */
    static boolean fits(String outcome, String reason) {
        return BY_OUTCOME.getOrDefault(outcome, List.of()).contains(reason);
    }
}
