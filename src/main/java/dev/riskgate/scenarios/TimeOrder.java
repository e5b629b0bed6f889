package dev.riskgate.scenarios;

import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.Map;

/**
 * Steps run in file order, so a checked event must not be scored against the wrong history: one listed
 * after a later event of its account sees that "future" in its history (a device seen tomorrow counts as
 * known today), and one listed before an earlier event of its account never sees it (the history a
 * must-not-fire check was written against is not there yet). Either way the check can pass for nothing.
 * So a checked event must come after every earlier-listed event of its account in time, and no event may
 * go back before an earlier-listed checked event of its account; a step marked {@code backfill: true} may
 * (an event the gateway really sends late). Unchecked history may interleave freely: two {@code repeat}
 * steps lay down a month of purchases and a month of top-ups side by side.
 */
final class TimeOrder {

    private record Latest(OffsetDateTime at, String label) {
    }

    private final Map<String, Latest> anyByAccount = new HashMap<>();
    private final Map<String, Latest> checkedByAccount = new HashMap<>();

    void check(Step.Event event, boolean backfill) {
        String account = event.wire().getString("accountId");
        OffsetDateTime at = OffsetDateTime.parse(event.wire().getString("occurredAt"));
        if (!backfill) {
            Latest checked = checkedByAccount.get(account);
            if (checked != null && at.isBefore(checked.at())) {
                throw refused(event, at, account, checked, "was checked without this event in its history");
            }
            Latest any = anyByAccount.get(account);
            if (event.expect() != null && any != null && at.isBefore(any.at())) {
                throw refused(event, at, account, any, "is already in this checked event's history, though it comes later");
            }
        }
        later(anyByAccount, account, at, event.label());
        if (event.expect() != null) {
            later(checkedByAccount, account, at, event.label());
        }
    }

    private static void later(Map<String, Latest> latest, String account, OffsetDateTime at, String label) {
        Latest was = latest.get(account);
        if (was == null || at.isAfter(was.at())) {
            latest.put(account, new Latest(at, label));
        }
    }

    private static ScenarioFile.InvalidScenario refused(Step.Event event, OffsetDateTime at, String account, Latest other,
                                                        String why) {
        return new ScenarioFile.InvalidScenario(event.label() + ": occurs at " + at + ", before " + other.label() + " ("
                + other.at() + ") on account '" + account + "', which " + why + " (steps run in file order). List the "
                + "steps of an account in time order, or mark this step 'backfill: true' if it is meant to arrive late");
    }
}
