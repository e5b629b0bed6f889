package dev.riskgate.rules;

import dev.riskgate.event.LineItem;
import dev.riskgate.rules.facts.Actor;
import dev.riskgate.rules.facts.DeviceStanding;
import dev.riskgate.rules.facts.EventKind;
import dev.riskgate.rules.facts.Evidence;
import dev.riskgate.rules.facts.Outcome;
import dev.riskgate.rules.facts.Goods;
import dev.riskgate.rules.facts.HourHabit;
import dev.riskgate.rules.facts.PastEvent;
import dev.riskgate.rules.facts.PastResale;
import dev.riskgate.rules.facts.PurchaseProfile;
import dev.riskgate.rules.facts.ResaleLine;
import dev.riskgate.rules.facts.Scope;
import dev.riskgate.rules.facts.StoreStanding;
import dev.riskgate.rules.facts.TopUp;
import dev.riskgate.rules.facts.TopUpProfile;
import dev.riskgate.rules.facts.WalletEvent;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.kie.api.runtime.rule.ConsequenceException;

/**
 * Runs a freshly compiled pack once over facts of every kind before it may serve, so a rule that
 * compiles but throws (a bad cast, a null, a missing parameter in a message) is rejected at load time
 * instead of failing live requests.
 */
final class PackProbe {

    private PackProbe() {
    }

    static List<CompileError> run(RulePack pack) {
        List<CompileError> errors = new ArrayList<>();
        for (List<Object> facts : List.of(purchase(), charge())) {
            try {
                pack.evaluate(facts);
            } catch (RuntimeException e) {
                errors.add(describe(e));
            }
        }
        return errors;
    }

    private static List<Object> purchase() {
        List<Object> facts = new ArrayList<>(history());
        facts.add(new WalletEvent("probe-1", EventKind.PURCHASE, "probe-account", "probe-device", "probe-store", 90400, "JPY", null, "192.0.2.1",
                List.of(new LineItem("probe-sku", "cigarettes", 18, BigDecimal.valueOf(5000))), 3));
        facts.add(new ResaleLine(Goods.TOBACCO, 18, 90000));
        facts.add(new ResaleLine(Goods.GIFT_CARD, 6, 60000));
        facts.add(new DeviceStanding(true, false, 1, true, true, 40, 1, 30, 43200));
        facts.add(new PurchaseProfile(30, 600, 900, 5000));
        facts.add(new TopUpProfile(5, 5000, 10000, 92000, true));
        facts.add(new HourHabit(30, 0));
        facts.add(new StoreStanding("probe-store", 0, 0, 3));
        facts.add(new Actor(Evidence.STRONG, 1, 2, 1, "probe"));
        facts.add(new TopUp("h-charge-account", 40, 90000, "probe-device", true, 5000, true));
        return facts;
    }

    private static List<Object> charge() {
        List<Object> facts = new ArrayList<>(history());
        facts.add(new WalletEvent("probe-2", EventKind.CHARGE, "probe-account", "probe-device", null, 90000, "JPY", "card", null, List.of(), 14));
        facts.add(new DeviceStanding(false, false, 0, false, true, 0, 0, 0, 0));
        facts.add(new PurchaseProfile(0, 0, 0, 0));
        facts.add(new TopUpProfile(0, 0, 0, 0, false));
        facts.add(new HourHabit(0, 0));
        facts.add(new Actor(Evidence.WEAK, 0, 1, 0.5, "probe"));
        facts.add(new TopUp("h-charge-account", 40, 90000, "probe-device", true, 0, false));
        return facts;
    }

    private static List<Object> history() {
        List<Object> facts = new ArrayList<>();
        for (Scope scope : Scope.values()) {
            String account = scope == Scope.ACCOUNT ? "probe-account" : "other-" + scope;
            facts.add(new PastEvent(scope, "h-charge-" + scope, EventKind.CHARGE, account, "probe-device", null, 40, 90000,
                    Outcome.PENDING, false, false, true));
            facts.add(new PastEvent(scope, "h-buy-" + scope, EventKind.PURCHASE, account, "probe-device", "probe-store", 20, 5000,
                    Outcome.BLOCKED, false, true, true));
            facts.add(new PastResale(scope, "h-buy-" + scope, account, "probe-device", "probe-store", Goods.TOBACCO, 3, 15000,
                    20, Outcome.BLOCKED, false, true, true));
        }
        return facts;
    }

    private static CompileError describe(RuntimeException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConsequenceException ce && ce.getMatch() != null) {
                Throwable root = rootOf(ce);
                return new CompileError("(probe)", null, ce.getMatch().getRule().getName(),
                        "rule throws when it fires: " + root.getClass().getSimpleName() + ": " + root.getMessage());
            }
        }
        Throwable root = rootOf(e);
        return new CompileError("(probe)", null, null,
                "the pack throws on a probe event: " + root.getClass().getSimpleName() + ": " + root.getMessage());
    }

    private static Throwable rootOf(Throwable t) {
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }
}
