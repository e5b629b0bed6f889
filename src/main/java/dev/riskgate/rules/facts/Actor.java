package dev.riskgate.rules.facts;

/**
 * Who is acting: the evidence that someone other than the account's owner holds the wallet now, judged
 * once per event from the device's standing, second-factor answers, and the account's hour and store
 * habits (the signs and their thresholds are {@code actor.*} parameters). {@code level} sums it up;
 * {@code strongSigns} and {@code weakSigns} count the signs and {@code reasons} names them.
 * {@code amplifier} is what value rules multiply their points by ({@code actor.weak.amplifier} or
 * {@code actor.strong.amplifier}; 0 with no evidence): what is at stake only ever amplifies who is acting.
 */
public record Actor(Evidence level, int strongSigns, int weakSigns, double amplifier, String reasons) {

    public Actor {
        if (level == null || reasons == null) {
            throw new IllegalArgumentException("an actor needs a level and its reasons");
        }
    }
}
