package dev.riskgate.simulate;

import java.util.List;

/**
 * What a crew does with one stolen account. It is set off when the victim's simulated day reaches
 * {@link #startsAt()}, sees the balance at that moment, and schedules its effect on it.
 */
sealed interface Attack permits TopUpThenSpend, BalanceDrain, MuleVisit, TopUpBurst, SplitTopUps, NightDrain {

    CampaignKind kind();

    int day();

    /** Epoch second of the attacker's first event. */
    long startsAt();

    /** Adds the attacker's events to {@code out}, all at or after {@link #startsAt()} and on the same day. */
    void carryOut(Customer victim, Geography geography, List<SimEvent> out);
}
