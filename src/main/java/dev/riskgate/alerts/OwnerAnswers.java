package dev.riskgate.alerts;

import dev.riskgate.decision.AlertIds;
import dev.riskgate.decision.FeedbackOutcome;
import dev.riskgate.decision.Verdict;
import dev.riskgate.scoring.AccountFreeze;
import dev.riskgate.scoring.FeedbackConflict;
import dev.riskgate.scoring.FeedbackRecorder;
import dev.riskgate.scoring.UnknownEvent;
import dev.riskgate.state.DecisionRecord;
import dev.riskgate.state.HistoryEvent;
import dev.riskgate.state.StateKeys;
import dev.riskgate.state.StateStore;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The account holder's answer to an alert, with the alert's token. "Not me": the account's events since
 * the alerting one are labelled FRAUD, through the same path as {@code POST /v1/feedback}, and the account
 * is frozen ({@link AccountFreeze}). "It was me": those events are labelled LEGIT, and a stepped-up one
 * counts as a passed second factor, which is what trusts its device. A token answers once: a wrong, used
 * or expired one is refused ({@link AlertTokens.Refused}) and changes nothing.
 */
public final class OwnerAnswers {

    /** What an answer changed, for the response and the audit log. */
    public record Answered(String alertId, String accountId, String answer, List<String> labelled, boolean frozen) {
    }

    private final StateStore store;
    private final FeedbackRecorder feedback;
    private final AlertTokens tokens;
    private final Clock clock;

    public OwnerAnswers(StateStore store, FeedbackRecorder feedback, AlertTokens tokens, Clock clock) {
        this.store = store;
        this.feedback = feedback;
        this.tokens = tokens;
        this.clock = clock;
    }

    public Answered notMe(String alertId, String token) {
        DecisionRecord alerted = accept(alertId, token);
        List<String> labelled = label(alerted, FeedbackOutcome.FRAUD);
        AccountFreeze.set(store, alerted.accountId(), true, AccountFreeze.RULE + ": \"not me\" on alert " + alertId
                + " at " + clock.instant(), clock.instant());
        return new Answered(alertId, alerted.accountId(), "not-me", labelled, true);
    }

    public Answered itWasMe(String alertId, String token) {
        DecisionRecord alerted = accept(alertId, token);
        List<String> labelled = label(alerted, FeedbackOutcome.LEGIT);
        return new Answered(alertId, alerted.accountId(), "it-was-me", labelled, AccountFreeze.of(store, alerted.accountId()).isPresent());
    }

    /** Lifts the owner's freeze (the gateway's call, once the owner is back in control). */
    public boolean unfreeze(String accountId) {
        return AccountFreeze.set(store, accountId, false, "", clock.instant());
    }

    /** The alerting event's record, once the token is checked and marked used. */
    private DecisionRecord accept(String alertId, String token) {
        String eventId;
        try {
            eventId = AlertIds.eventOf(alertId);
        } catch (IllegalArgumentException e) {
            throw new AlertTokens.Refused("not_found", "no such alert: " + alertId);
        }
        Instant now = clock.instant();
        tokens.check(alertId, token, now);
        DecisionRecord alerted = store.decision(eventId)
                .orElseThrow(() -> new AlertTokens.Refused("not_found", "the alert's event is no longer kept: " + alertId));
        if (!AccountFreeze.markOnce(store, "alert-answer:" + alertId, alerted.accountId(), now)) {
            throw new AlertTokens.Refused("token_used", "this alert was already answered");
        }
        return alerted;
    }

    /** Labels the account's events from the alerting one on; returns their ids. */
    private List<String> label(DecisionRecord alerted, FeedbackOutcome outcome) {
        Instant from = null;
        List<HistoryEvent> events = store.snapshot(new StateKeys(alerted.eventId(), alerted.accountId(), alerted.deviceId(),
                null)).account().events();
        for (HistoryEvent e : events) {
            if (e.eventId().equals(alerted.eventId())) {
                from = e.at();
            }
        }
        List<String> labelled = new ArrayList<>();
        for (HistoryEvent e : events) {
            if (from != null && !e.at().isBefore(from) || e.eventId().equals(alerted.eventId())) {
                try {
                    feedback.record(e.eventId(), outcome);
                    if (outcome == FeedbackOutcome.LEGIT && store.decision(e.eventId())
                            .map(r -> r.answer().decision() == Verdict.STEP_UP).orElse(false)) {
                        // The owner vouching for a stepped-up event is their second factor: it trusts the device.
                        feedback.record(e.eventId(), FeedbackOutcome.STEP_UP_PASSED);
                    }
                    labelled.add(e.eventId());
                } catch (UnknownEvent | FeedbackConflict gone) {
                    // No longer kept, or its step-up already failed: the label stands where it can.
                }
            }
        }
        return labelled;
    }
}
