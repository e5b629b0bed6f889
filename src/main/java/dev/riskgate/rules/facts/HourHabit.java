package dev.riskgate.rules.facts;

/**
 * When the account usually pays, on the customer's wall clock: of its {@code samples} settled events in
 * the history kept, older than a day, {@code atThisHour} fell within an hour either side of this event's
 * local hour.
 */
public record HourHabit(int samples, int atThisHour) {
}
