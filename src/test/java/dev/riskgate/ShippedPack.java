package dev.riskgate;

import dev.riskgate.rules.RulePack;
import dev.riskgate.rules.RulePackLoader;
import java.time.Clock;

/**
 * The repository's own pack (rules/), compiled once for the whole test run: a cold compile takes seconds,
 * and a compiled pack is immutable and safe to share (a session is borrowed per evaluation). Tests that
 * edit, stop or close a pack compile their own.
 */
public final class ShippedPack {

    private static RulePack pack;

    private ShippedPack() {
    }

    public static synchronized RulePack get() {
        if (pack == null) {
            try {
                pack = new RulePackLoader(Clock.systemUTC()).load(TestPaths.rules());
            } catch (Exception e) {
                throw new IllegalStateException("the shipped pack does not load", e);
            }
        }
        return pack;
    }
}
