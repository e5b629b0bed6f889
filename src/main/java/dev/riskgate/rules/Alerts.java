package dev.riskgate.rules;

import dev.riskgate.decision.Alert;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The DRL global {@code alert}: a rule's consequence calls {@code alert.raise("unfamiliar-device-top-up",
 * "...")} to tell the account holder. It is the only thing rules may call on it (the pack policy refuses
 * anything else), and it changes no score. An event raises a kind once (the first rule to raise it says
 * why); a log-only rule ({@code @mode("log")}) raises nothing, like the points it does not add; a kind
 * switched off in this deployment ({@code alerts.off}) is dropped here.
 */
public final class Alerts {

    private final Scorecard card;
    private final AlertKinds kinds;
    private final Map<String, Alert> byKind = new LinkedHashMap<>();

    Alerts(Scorecard card, AlertKinds kinds) {
        this.card = card;
        this.kinds = kinds;
    }

    public void raise(String kind, String message) {
        if (!kinds.declares(kind)) {
            // The loader refuses undeclared kinds written in a rule; this is the one it could not read.
            throw new IllegalArgumentException("rule \"" + card.firingRule() + "\" raised alert kind '" + kind
                    + "', which " + AlertKinds.KINDS + " does not declare");
        }
        if (card.firingLogOnly() || !kinds.raises(kind)) {
            return;
        }
        byKind.putIfAbsent(kind, new Alert(kind, card.firingRule(), message));
    }

    /** The alerts raised, by kind. */
    List<Alert> raised() {
        List<Alert> out = new ArrayList<>(byKind.values());
        out.sort(Comparator.comparing(Alert::kind));
        return out;
    }
}
