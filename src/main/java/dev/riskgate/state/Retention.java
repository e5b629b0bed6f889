package dev.riskgate.state;

import java.time.Duration;

/**
 * How long and how much history is kept. Device trust and usual stores are kept well past the 90 days
 * ops asked for; attempts are kept past the longest rule window a pack is allowed to use
 * ({@link #EVENTS}); caps bound a hot account, device or store. How long decided events are kept is a
 * setting, {@link AnswerWindows}.
 */
public final class Retention {
    public static final Duration EVENTS = Duration.ofDays(30);
    public static final Duration PROFILE = Duration.ofDays(180);
    public static final int MAX_EVENTS = 1_000;
    public static final int MAX_DEVICES = 100;
    public static final int MAX_STORES = 200;
    public static final int MAX_AMOUNTS = 200;

    private Retention() {
    }
}
