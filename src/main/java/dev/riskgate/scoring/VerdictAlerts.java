package dev.riskgate.scoring;

import dev.riskgate.decision.Alert;
import dev.riskgate.decision.Reason;
import dev.riskgate.decision.Verdict;
import dev.riskgate.event.EventType;
import dev.riskgate.event.ScoreRequest;
import dev.riskgate.rules.AlertKinds;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The alerts a verdict raises on its own: rules add points and never see the verdict, so a STEP_UP or a
 * BLOCK tells the holder here, when the pack declares the kind ({@link AlertKinds#STEP_UP},
 * {@link AlertKinds#BLOCK}) and the deployment has not switched it off. A BLOCK alerts at once, on every
 * blocked event: each is money the owner did not get to spend.
 */
final class VerdictAlerts {

    /** The rule an alert of the verdict names: no rule of the pack raised it. */
    static final String RULE = "verdict";

    private VerdictAlerts() {
    }

    /** {@code raised} by the rules, plus the verdict's own alert if any, by kind. */
    static List<Alert> with(List<Alert> raised, AlertKinds kinds, ScoreRequest req, Verdict verdict, List<Reason> reasons) {
        String kind = switch (verdict) {
            case ALLOW -> null;
            case STEP_UP -> AlertKinds.STEP_UP;
            case BLOCK -> AlertKinds.BLOCK;
        };
        if (kind == null || !kinds.raises(kind)) {
            return raised;
        }
        String what = (req.type() == EventType.CHARGE ? "A top-up of " : "A purchase of ")
                + req.amount().stripTrailingZeros().toPlainString() + " " + req.currency();
        String why = reasons.isEmpty() ? "" : ": " + reasons.get(0).message();
        String message = what + (verdict == Verdict.BLOCK ? " was blocked" : " was held for a second factor") + why;
        List<Alert> out = new ArrayList<>(raised);
        out.add(new Alert(kind, RULE, message));
        out.sort(Comparator.comparing(Alert::kind));
        return out;
    }
}
