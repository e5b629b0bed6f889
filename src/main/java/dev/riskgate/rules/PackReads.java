package dev.riskgate.rules;

import dev.riskgate.rules.facts.PastEvent;
import dev.riskgate.rules.facts.PastResale;
import dev.riskgate.rules.facts.Scope;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.drools.base.base.ClassObjectType;
import org.drools.base.base.ObjectType;
import org.drools.base.definitions.rule.impl.RuleImpl;
import org.drools.base.rule.RuleConditionElement;
import org.drools.base.rule.constraint.Constraint;
import org.drools.mvel.MVELConstraint;
import org.kie.api.KieBase;
import org.kie.api.definition.KiePackage;
import org.kie.api.definition.rule.Rule;

/**
 * Which earlier attempts the pack's rules can match, read from its compiled patterns: for each raw history
 * fact ({@link PastEvent}, {@link PastResale}) and {@link Scope}, how many minutes back any rule looks.
 * A busy device or store has hundreds of attempts inside the history window; inserting every one into the
 * session for rules that only count this account's last 15 minutes was most of a decision's cost.
 *
 * <p>The reading is conservative: only a constraint of the exact form {@code scope == Scope.X} narrows
 * the scopes a pattern reads, and only {@code minutesAgo <= N}, {@code < N}, {@code <= params.get("key")}
 * or {@code < params.get("key")} narrows its window. A pattern on a supertype ({@code Object()}), a scope
 * compared any other way, or no window constraint reads everything up to {@code history.window_minutes},
 * so a rule written in an unforeseen way still sees what it would have seen before.
 */
public final class PackReads {

    private static final Pattern SCOPE = Pattern.compile("scope\\s*==\\s*Scope\\.(\\w+)");
    private static final Pattern WINDOW = Pattern.compile(
            "minutesAgo\\s*<=?\\s*(?:(\\d+(?:\\.\\d+)?)|params\\.get\\(\\s*\"([^\"]+)\"\\s*\\))");
    private static final double NOTHING = -1;

    private final Map<Scope, Double> events = new EnumMap<>(Scope.class);
    private final Map<Scope, Double> resales = new EnumMap<>(Scope.class);

    private PackReads() {
        for (Scope s : Scope.values()) {
            events.put(s, NOTHING);
            resales.put(s, NOTHING);
        }
    }

    static PackReads of(KieBase base, Parameters params) {
        PackReads reads = new PackReads();
        for (KiePackage pkg : base.getKiePackages()) {
            for (Rule rule : pkg.getRules()) {
                reads.walk(((RuleImpl) rule).getLhs(), params);
            }
        }
        return reads;
    }

    /** Minutes back the rules look at {@code scope}'s earlier attempts; negative: none is read. */
    public double eventMinutes(Scope scope) {
        return events.get(scope);
    }

    /** Minutes back the rules look at {@code scope}'s earlier resale lines; negative: none is read. */
    public double resaleMinutes(Scope scope) {
        return resales.get(scope);
    }

    private void walk(RuleConditionElement element, Parameters params) {
        if (element instanceof org.drools.base.rule.Pattern p) {
            // An accumulate's result pattern has the accumulate as its source; what it reads is in there.
            if (p.getSource() == null) {
                read(p, params);
            } else if ((Object) p.getSource() instanceof RuleConditionElement source) {
                walk(source, params);
            }
            return;
        }
        for (RuleConditionElement nested : element.getNestedElements()) {
            walk(nested, params);
        }
    }

    private void read(org.drools.base.rule.Pattern pattern, Parameters params) {
        ObjectType type = pattern.getObjectType();
        Class<?> matched = type instanceof ClassObjectType c ? c.getClassType() : Object.class;
        boolean event = matched.isAssignableFrom(PastEvent.class);
        boolean resale = matched.isAssignableFrom(PastResale.class);
        if (!event && !resale) {
            return;
        }
        Scope only = null;
        double window = params.historyWindowMinutes();
        if (matched == PastEvent.class || matched == PastResale.class) {
            for (Constraint c : pattern.getConstraints()) {
                String text = c instanceof MVELConstraint m ? m.getExpression().trim() : "";
                Matcher scope = SCOPE.matcher(text);
                if (scope.matches()) {
                    only = Scope.valueOf(scope.group(1));
                }
                Matcher bound = WINDOW.matcher(text);
                if (bound.matches()) {
                    double minutes = bound.group(1) != null ? Double.parseDouble(bound.group(1))
                            : params.has(bound.group(2)) ? params.get(bound.group(2)) : window;
                    window = Math.min(window, minutes);
                }
            }
        }
        for (Scope s : only == null ? List.of(Scope.values()) : List.of(only)) {
            if (event) {
                events.merge(s, window, Math::max);
            }
            if (resale) {
                resales.merge(s, window, Math::max);
            }
        }
    }

    @Override
    public String toString() {
        return "PackReads[events=" + events + ", resales=" + resales + "]";
    }
}
