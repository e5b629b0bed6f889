package dev.riskgate.console;

import java.time.Duration;

/**
 * How far the console's index is behind the decision log.
 *
 * @param waiting    entries on the feed's queue
 * @param lag        age of the oldest logged entry not yet in the index; zero when it is caught up
 * @param catchingUp the start-up read of the decision log is still running (a deleted index is being rebuilt)
 */
public record IndexStatus(int waiting, Duration lag, boolean catchingUp) {

    /** Behind by more than this, the console says so on every page. */
    public static final Duration NOTICEABLE = Duration.ofSeconds(5);

    public boolean behind() {
        return catchingUp || lag.compareTo(NOTICEABLE) > 0;
    }
}
