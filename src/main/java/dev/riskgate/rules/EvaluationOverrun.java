package dev.riskgate.rules;

/**
 * An evaluation passed its budget and was abandoned: nothing it awarded counts, and the event gets the
 * fail decision (or, without a deadline, an error naming the rule).
 */
public final class EvaluationOverrun extends RuntimeException {

    public EvaluationOverrun(String pack, String rule, long budgetMillis) {
        super("pack " + pack + ": evaluation passed its budget of " + budgetMillis + " ms in rule '" + rule
                + "' (or while matching after it)", null, false, false);
    }
}
